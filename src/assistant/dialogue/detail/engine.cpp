#include "assistant/dialogue/detail/engine.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "assistant/dialogue/detail/speech.hpp"
#include "core/text.hpp"

namespace convonet::assistant::dialogue::detail {

namespace {

using nlohmann::json;
using Slots = json;

constexpr std::size_t kMaxFocus = 20;
constexpr double kNewRequestConfidence = 0.45;

// --- words ---

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  const std::string normalized = normalize(text);
  std::size_t start = 0;
  while (start < normalized.size()) {
    auto end = normalized.find(' ', start);
    if (end == std::string::npos) end = normalized.size();
    words.push_back(normalized.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

bool has_word(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Whether a time phrase names a day, so "move it to 3 PM" keeps the item's day while "move it
// to friday at 3" changes it.
bool mentions_day(std::string_view phrase) {
  static const std::set<std::string, std::less<>> kDayWords = {
      "today",    "tomorrow", "tonight",  "yesterday", "monday",  "tuesday",   "wednesday",
      "thursday", "friday",   "saturday", "sunday",    "mon",     "tue",       "tues",
      "wed",      "thu",      "thurs",    "fri",       "sat",     "sun",       "week",
      "weekend",  "month",    "year",     "next",      "january", "february",  "march",
      "april",    "may",      "june",     "july",      "august",  "september", "october",
      "november", "december", "jan",      "feb",       "mar",     "apr",       "jun",
      "jul",      "aug",      "sep",      "sept",      "oct",     "nov",       "dec",
      "days",     "weekdays", "daily",    "weekly"};
  for (const auto& word : words_of(phrase)) {
    if (kDayWords.contains(word)) return true;
    // Ordinal dates: "3rd", "21st".
    if (word.size() > 2 && std::isdigit(static_cast<unsigned char>(word[0])) != 0 &&
        (word.ends_with("st") || word.ends_with("nd") || word.ends_with("rd") ||
         word.ends_with("th"))) {
      return true;
    }
    if (word.find('-') != std::string::npos) return true;  // ISO dates
  }
  return false;
}

// Words that carry no meaning when matching a spoken title against stored ones.
bool is_filler(std::string_view word) {
  static const std::set<std::string, std::less<>> kFiller = {
      "the",      "a",           "an",    "my",     "our",  "to",   "for",   "of",
      "on",       "with",        "about", "todo",   "task", "item", "event", "meeting",
      "reminder", "appointment", "one",   "please", "all",  "every"};
  return kFiller.contains(word);
}

// Share of the spoken words found in the title: 1.0 when every meaningful word is there.
double title_match(std::string_view spoken, std::string_view title) {
  const auto spoken_words = words_of(spoken);
  const auto title_words = words_of(title);
  int wanted = 0, found = 0;
  for (const auto& word : spoken_words) {
    if (is_filler(word)) continue;
    ++wanted;
    // "the standups" are the standup's occurrences.
    const bool plural = word.size() > 3 && word.ends_with('s') &&
                        has_word(title_words, std::string_view(word).substr(0, word.size() - 1));
    if (has_word(title_words, word) || plural) ++found;
  }
  if (wanted == 0) return 0;
  return static_cast<double>(found) / wanted;
}

// "on Monday at 9 AM" -> "Monday at 9 AM": after "from" or "to".
std::string bare(std::string spoken) {
  return spoken.starts_with("on ") ? spoken.substr(3) : spoken;
}

// "when i get home" -> "when you get home": the user's words said back to them.
std::string you_form(const std::string& said) {
  static const std::map<std::string, std::string> kSwaps = {
      {"i", "you"},  {"im", "you're"}, {"i'm", "you're"}, {"my", "your"}, {"me", "you"},
      {"we", "you"}, {"our", "your"},  {"us", "you"},     {"am", "are"}};
  std::string out;
  std::istringstream words(said);
  for (std::string word; words >> word;) {
    std::string lower = word;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto swap = kSwaps.find(lower);
    if (!out.empty()) out += ' ';
    out += swap == kSwaps.end() ? word : swap->second;
  }
  return out;
}

std::string capitalized(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// --- reading tool results ---

Item todo_item(const json& todo) {
  Item item{
      "todo", todo.at("id").get<std::int64_t>(), todo.at("title").get<std::string>(), {}, {}, "",
      {}};
  if (todo.contains("event_id") && !todo["event_id"].is_null()) item.event_id = todo["event_id"];
  if (todo.contains("due_at") && !todo["due_at"].is_null()) item.when = todo["due_at"];
  return item;
}

// The calendar event of an item: the event itself, or a reminder's linked event.
std::optional<std::int64_t> event_of(const Item& item) {
  return item.kind == "event" ? std::optional(item.id) : item.event_id;
}

Item event_item(const json& event) {
  const auto id = event.contains("event_id") ? event["event_id"] : event.at("id");
  return Item{"event",
              id.get<std::int64_t>(),
              event.at("title").get<std::string>(),
              {},
              event.at("start").get<std::string>(),
              event.contains("rrule") && event["rrule"].is_string() ? event["rrule"] : "",
              {}};
}

std::string error_message(const json& result) {
  return result.at("error").at("message").get<std::string>();
}

// --- one turn ---

class Turn {
 public:
  Turn(const TurnContext& context, State& state) : c_(context), state_(state) {}

  Outcome run(std::string_view text) {
    text_ = std::string(text);
    normalized_ = normalize(text);
    previous_created_ = std::move(state_.last_created);
    state_.last_created.clear();

    if (state_.pending) {
      Pending pending = std::move(*state_.pending);
      state_.pending.reset();
      if (answer_pending(pending)) return std::move(out_);
    }
    if (is_cancel(normalized_)) {
      undo_last();
      return std::move(out_);
    }
    if (add_person_to_focus()) return std::move(out_);
    auto understood = understand();
    // "and the second one": the same action again, on another item of the list.
    if (understood.intent == "none" && !state_.last_intent.empty() && ordinal_said() != 0 &&
        words_of(text_).size() <= 5) {
      understood.intent = state_.last_intent;
      understood.slots["ordinal"] = ordinal_said();
    }
    handle(understood);
    return std::move(out_);
  }

  Outcome confirm_held(const ToolAction& held) {
    const std::string kind = kind_of(held.tool);
    if (held.tool == "delete_todo" || held.tool == "delete_event") {
      const auto target = item_with_id(kind, held.input.value("id", std::int64_t{0}));
      if (!target) {
        say("I couldn't find that " + kind + ".");
      } else {
        state_.last_intent = held.tool;
        confirm_delete(Pending{held.tool, "", json::object(), {*target}, json::object()});
      }
      return std::move(out_);
    }
    // Any other destructive tool: ask in its own words, run it as the model asked on yes.
    const Tool* tool = c_.tools.find(held.tool);
    Pending pending{held.tool, "confirmation", held.input, {}, {{"model_call", true}}};
    ask(std::move(pending),
        "Should I go ahead: " + (tool != nullptr ? tool->title : held.tool) + "?");
    return std::move(out_);
  }

 private:
  // --- plumbing ---

  nlu::Understanding understand() const { return nlu::understand(text_, c_.now, c_.timezone); }

  void say(std::string reply) { out_.reply = std::move(reply); }

  void ask(Pending pending, std::string question) {
    out_.awaiting = pending.awaiting;
    state_.pending = std::move(pending);
    say(std::move(question));
  }

  // Runs a tool and records it as an action of this turn.
  json act(const std::string& tool, const json& input) {
    json result = call(tool, input);
    out_.actions.push_back(ToolAction{tool, input, result});
    return result;
  }

  // Runs a tool for the dialogue's own lookups (not an action the user asked for).
  json call(const std::string& tool, const json& input) const {
    auto result = c_.tools.call(tool, c_.principal, input);
    if (!result) {
      return json{{"error", {{"code", result.error().code}, {"message", result.error().message}}}};
    }
    return std::move(*result);
  }

  static bool failed(const json& result) { return result.contains("error"); }

  void say_failure(const json& result) {
    say("Sorry, that didn't work: " + error_message(result) + ".");
  }

  std::string when(const std::string& rfc3339) const {
    return speak_when(*parse_rfc3339(rfc3339), c_.now, c_.zone);
  }

  // --- answers to a question asked last turn ---

  // True when the text answered (or cancelled) the pending question.
  bool answer_pending(Pending& pending) {
    if (pending.awaiting == "confirmation") {
      if (is_yes(normalized_)) {
        perform_confirmed(pending);
        return true;
      }
      if (is_no(normalized_)) {
        say("Okay, I won't.");
        return true;
      }
      return false;  // something new: the question lapses
    }
    if (is_cancel(normalized_) || is_no(normalized_)) {
      say("Okay, cancelled.");
      return true;
    }
    // "all of them", "just that one": read before a new request ("cancel all of them" is one).
    if (pending.awaiting == "scope" && fill(pending)) return true;
    // A whole new request ("what's on my calendar tomorrow") replaces the question, even when
    // it holds what was asked for; short answers ("4 pm", "call mom") score low as requests.
    const auto understood = understand();
    const bool answered_when = pending.awaiting == "time" && only_a_time(understood);
    if (!answered_when && understood.intent != "none" &&
        understood.confidence >= kNewRequestConfidence) {
      return false;
    }
    if (fill(pending)) return true;
    reask(std::move(pending));
    return true;
  }

  // "4 pm", "tomorrow at four": nothing but a time, the answer to "what time?" (the NLU reads
  // a time alone as a question about that time).
  bool only_a_time(const nlu::Understanding& understood) const {
    if (!understood.time) return false;
    const auto& t = *understood.time;
    const std::string rest = normalize(text_.substr(0, t.begin) + " " +
                                       text_.substr(std::min(text_.size(), t.begin + t.length)));
    std::istringstream words(rest);
    std::string word;
    while (words >> word) {
      if (word != "at" && word != "on" && word != "by" && word != "around" && word != "about" &&
          word != "um" && word != "uh" && word != "please") {
        return false;
      }
    }
    return true;
  }

  bool fill(Pending& pending) {
    if (pending.awaiting == "title") {
      std::string title = trim(text_);
      for (std::string_view lead : {"to ", "about ", "that ", "its ", "it's ", "call it "}) {
        if (title.size() > lead.size() && iequals(title.substr(0, lead.size()), lead)) {
          title = title.substr(lead.size());
        }
      }
      if (title.empty()) return false;
      pending.input["title"] = title.substr(0, 200);
      advance(std::move(pending));
      return true;
    }
    if (pending.awaiting == "time") {
      const auto time = nlu::understand(text_, c_.now, c_.timezone).time;
      if (!time) return false;
      const std::string_view phrase = std::string_view(text_).substr(time->begin, time->length);
      if (pending.intent.starts_with("update_")) {
        pending.extra["new_time"] = new_time(*time, phrase);
        update(std::move(pending));
      } else {
        apply_time(pending, *time, phrase);
        advance(std::move(pending));
      }
      return true;
    }
    if (pending.awaiting == "choice") {
      auto chosen = choose(pending.targets);
      if (!chosen) return false;
      pending.targets = {*chosen};
      pending.awaiting.clear();
      proceed_with_targets(std::move(pending));
      return true;
    }
    if (pending.awaiting == "email") {
      auto email = normalize_email(trim(text_));
      if (!email) return false;
      add_attendee(pending.targets.front(), *email);
      return true;
    }
    if (pending.awaiting == "scope") return choose_scope(pending);
    if (pending.awaiting == "team") {
      auto team = find_team(text_);
      if (!team) return false;
      pending.input["team_id"] = team->first;
      advance(std::move(pending));
      return true;
    }
    return false;
  }

  void reask(Pending pending) {
    std::string question;
    if (pending.awaiting == "time") question = "Sorry, what time?";
    if (pending.awaiting == "title") question = "Sorry, what should I call it?";
    if (pending.awaiting == "choice") question = "Which one? " + choice_list(pending.targets) + "?";
    if (pending.awaiting == "email") question = "Sorry, what's their email address?";
    if (pending.awaiting == "team") question = "Which team?";
    if (pending.awaiting == "scope") {
      question = "Sorry, just the one " + when(pending.extra["occurrence"]) + ", or all of them?";
    }
    ask(std::move(pending), std::move(question));
  }

  // The position a short answer names: "the second one", "2", "the last" (-1); 0 for none.
  int ordinal_said() const {
    const auto words = words_of(text_);
    static constexpr std::array<std::string_view, 5> kOrdinals = {"first", "second", "third",
                                                                  "fourth", "fifth"};
    for (std::size_t i = 0; i < kOrdinals.size(); ++i) {
      if (has_word(words, kOrdinals[i])) return static_cast<int>(i) + 1;
    }
    if (words.size() == 1 && words[0].size() == 1 &&
        std::isdigit(static_cast<unsigned char>(words[0][0])) != 0) {
      return words[0][0] - '0';
    }
    return has_word(words, "last") ? -1 : 0;
  }

  // "the second one", "2", "the dentist one" among the candidates offered.
  std::optional<Item> choose(const std::vector<Item>& candidates) const {
    int ordinal = ordinal_said();
    if (ordinal == -1) ordinal = static_cast<int>(candidates.size());
    if (ordinal >= 1 && ordinal <= static_cast<int>(candidates.size())) {
      return candidates[static_cast<std::size_t>(ordinal - 1)];
    }
    const Item* best = nullptr;
    double best_score = 0.5;
    for (const auto& candidate : candidates) {
      const double score = title_match(text_, candidate.title);
      if (score > best_score) best = &candidate, best_score = score;
    }
    if (best) return *best;
    return std::nullopt;
  }

  // --- new requests ---

  void handle(const nlu::Understanding& u) {
    const std::string& intent = u.intent;
    remember_persons(u);
    if (intent == "create_reminder" || intent == "create_todo" || intent == "create_event") {
      create(u);
    } else if (intent == "list_todos") {
      list_todos(u);
    } else if (intent == "list_events") {
      list_events(u);
    } else if (intent == "complete_todo" || intent == "delete_todo" || intent == "delete_event" ||
               intent == "update_todo" || intent == "update_event") {
      change(u);
    } else if (intent == "list_teams") {
      list_teams();
    } else if (intent == "list_team_members") {
      Pending pending{"list_team_members", "", json::object(), {}, json::object()};
      if (u.slots.contains("team")) {
        auto team = find_team(u.slots["team"].get<std::string>());
        if (!team) {
          say("You're not in a team called " + u.slots["team"].get<std::string>() + ".");
          return;
        }
        pending.input["team_id"] = team->first;
      }
      advance(std::move(pending));
    } else if (intent == "help") {
      say("I can add todos, set reminders, schedule events and read your agenda. Try: remind me "
          "to call John tomorrow at 2 PM.");
    } else if (intent == "transfer_to_human") {
      say("I can't connect you to a person from here yet. Is there something I can do for you?");
    } else {
      say("Sorry, I didn't get that. You can say things like: remind me to call John tomorrow at "
          "2 PM, or: what's on my calendar today?");
    }
  }

  // "invite Priya to the sync ... actually take her off it": the people named last, for a
  // pronoun in a later turn.
  void remember_persons(const nlu::Understanding& u) {
    std::vector<std::string> named;
    for (const auto& person : u.slots.value("persons", json::array())) {
      named.push_back(person.get<std::string>());
    }
    if (u.slots.contains("assignee")) named.push_back(u.slots["assignee"].get<std::string>());
    if (!named.empty()) state_.last_persons = std::move(named);
  }

  // Reads the understood time into the pending input (see apply_time).
  void create(const nlu::Understanding& u) {
    Pending pending{u.intent, "", json::object(), {}, json::object()};
    const auto& slots = u.slots;
    if (slots.contains("title")) pending.input["title"] = slots["title"].get<std::string>();
    const auto words = words_of(text_);
    if (!slots.contains("title") && u.intent == "create_reminder" &&
        (has_word(words, "alarm") || has_word(words, "wake"))) {
      pending.input["title"] = has_word(words, "wake") ? "Wake up" : "Alarm";
    }
    if (slots.contains("priority") && u.intent == "create_todo") {
      pending.input["priority"] = slots["priority"];
    }
    if (slots.contains("location") && u.intent == "create_event") {
      pending.input["location"] = slots["location"];
    }
    if (slots.contains("rrule") && u.intent != "create_todo") {
      pending.input["rrule"] = slots["rrule"];
    }
    if (slots.contains("duration_minutes")) pending.extra["duration"] = slots["duration_minutes"];
    if (slots.contains("condition")) pending.extra["condition"] = slots["condition"];
    if (slots.contains("team")) {
      const auto name = slots["team"].get<std::string>();
      auto team = find_team(name);
      if (!team) {
        say("You're not in a team called " + name + ", so I didn't create anything.");
        return;
      }
      pending.input["team_id"] = team->first;
    }
    if (slots.contains("assignee") && u.intent == "create_todo") {
      pending.extra["assignee"] = slots["assignee"];
    }
    if (slots.contains("items") && u.intent == "create_todo") {
      pending.extra["items"] = slots["items"];
    }
    if (slots.contains("persons") && u.intent == "create_event") {
      pending.extra["persons"] = slots["persons"];
    }
    if (u.time) apply_time(pending, *u.time, text_.substr(u.time->begin, u.time->length));
    advance(std::move(pending));
  }

  // Turns a time expression into the input field the pending intent needs. A day said without
  // a clock time is kept aside (extra.day) until the time is asked for; a clock time said
  // after such a day lands on it.
  void apply_time(Pending& pending, const time::TimeExpression& time, std::string_view phrase) {
    Timestamp start = time.start;
    if (time.time_given && pending.extra.contains("day") && !mentions_day(phrase)) {
      start = on_day(*parse_rfc3339(pending.extra["day"].get<std::string>()), time.start);
    }
    if (!time.rrule.empty() && pending.intent != "create_todo") {
      pending.input["rrule"] = time.rrule;
    }
    if (time.duration) pending.extra["duration"] = time.duration->count();
    const bool has_clock = time.time_given || time.grain == time::Grain::hour;
    if (pending.intent == "create_todo") {
      // A todo due "friday" is due by the end of that day.
      const Timestamp due = has_clock || !time.end ? start : *time.end - std::chrono::minutes{1};
      pending.input["due_at"] = format_rfc3339(due);
      return;
    }
    if (!has_clock) {
      if (time.grain == time::Grain::day) pending.extra["day"] = format_rfc3339(start);
      return;
    }
    pending.extra.erase("day");
    const char* field = pending.intent == "create_reminder" ? "at" : "start";
    pending.input[field] = format_rfc3339(start);
    if (pending.intent == "create_event" && time.end && time.grain == time::Grain::minute &&
        !pending.extra.contains("duration")) {
      pending.input["end"] = format_rfc3339(*time.end);
    } else {
      pending.input.erase("end");
    }
    if (pending.intent == "update_event" || pending.intent == "update_todo") {
      pending.extra["moved"] = true;
    }
  }

  // The local clock time of `clock` on the local day of `day`.
  Timestamp on_day(Timestamp day, Timestamp clock) const {
    const auto local_clock = c_.zone.to_local(clock);
    const auto time_of_day = local_clock - date::floor<date::days>(local_clock);
    return local_to_utc(c_.zone, local_day(day, c_.zone) + time_of_day);
  }

  // For the creations and the member list: asks for what is missing, or acts.
  void advance(Pending pending) {
    const std::string intent = pending.intent;
    if (intent == "list_team_members") {
      if (!pending.input.contains("team_id")) {
        auto teams = call("list_teams", json::object());
        if (!failed(teams) && teams["items"].size() == 1) {
          pending.input["team_id"] = teams["items"][0]["id"];
        } else {
          pending.awaiting = "team";
          return ask(std::move(pending), "Which team?");
        }
      }
      return list_members(pending.input);
    }
    if (!pending.input.contains("title")) {
      pending.awaiting = "title";
      static const std::map<std::string, std::string> kQuestions = {
          {"create_reminder", "What should I remind you about?"},
          {"create_todo", "What's the todo?"},
          {"create_event", "What's the event called?"}};
      return ask(std::move(pending), kQuestions.at(intent));
    }
    const char* time_field = intent == "create_reminder" ? "at" : "start";
    if (intent != "create_todo" && !pending.input.contains(time_field)) {
      pending.awaiting = "time";
      std::string question;
      if (pending.extra.contains("day")) {
        const auto day = *parse_rfc3339(pending.extra["day"].get<std::string>());
        question = "What time " + speak_day(day, c_.now, c_.zone) + "?";
      } else if (pending.extra.contains("condition")) {
        // "remind me when i get home to ...": the assistant cannot know when that is.
        question = "I can't tell " + you_form(pending.extra["condition"].get<std::string>()) +
                   ", so what time should I remind you?";
      } else {
        question = intent == "create_reminder" ? "When should I remind you?" : "When is it?";
      }
      return ask(std::move(pending), std::move(question));
    }
    if (intent == "create_reminder") return create_reminder(pending);
    if (intent == "create_todo") return create_todo(pending);
    create_event(pending);
  }

  void create_reminder(Pending& pending) {
    json input = pending.input;
    if (pending.extra.contains("duration")) input["duration_minutes"] = pending.extra["duration"];
    const json result = act("create_reminder", input);
    if (failed(result)) return say_failure(result);
    const Item item = todo_item(result["todo"]);
    remember_created({item});
    say("Okay, I'll remind you: " + item.title + ", " +
        when_repeating(result["event"]["start"].get<std::string>(), input) + ".");
  }

  void create_todo(Pending& pending) {
    json input = pending.input;
    std::string note;
    if (pending.extra.contains("assignee")) {
      const auto name = pending.extra["assignee"].get<std::string>();
      if (auto person = find_person(name)) {
        input["assignee_id"] = person->at("user_id");
        note = ", assigned to " + person->at("name").get<std::string>();
      } else {
        note = ". I couldn't find " + name + " in your teams, so it's unassigned";
      }
    }
    if (pending.extra.contains("items")) return create_todos(input, pending.extra["items"], note);
    const json result = act("create_todo", input);
    if (failed(result)) return say_failure(result);
    const Item item = todo_item(result["todo"]);
    remember_created({item});
    std::string reply = "Added " + item.title + " to your todos";
    if (item.when) reply += ", due " + when(*item.when);
    say(reply + note + ".");
  }

  // "add milk, eggs and bread to my shopping list": one todo each, alike in all but the title.
  void create_todos(json input, const json& titles, const std::string& note) {
    std::vector<Item> created;
    std::vector<std::string> names;
    for (const auto& title : titles) {
      input["title"] = title;
      const json result = act("create_todo", input);
      if (failed(result)) {
        remember_created(created);
        if (created.empty()) return say_failure(result);
        return say("Added " + join_list(names, names.size()) +
                   ", then stopped: " + error_message(result) + ".");
      }
      created.push_back(todo_item(result["todo"]));
      names.push_back(created.back().title);
    }
    remember_created(created);
    std::string reply = "Added " + join_list(names, names.size()) + " to your todos";
    if (created.front().when) reply += ", due " + when(*created.front().when);
    say(reply + note + ".");
  }

  void create_event(Pending& pending) {
    json input = pending.input;
    input["timezone"] = c_.timezone;
    if (pending.extra.contains("duration")) {
      const auto start = *parse_rfc3339(input["start"].get<std::string>());
      input["end"] =
          format_rfc3339(start + std::chrono::minutes{pending.extra["duration"].get<int>()});
    }
    if (pending.extra.contains("persons")) {
      json attendees = json::array();
      for (const auto& name : pending.extra["persons"]) {
        if (auto person = find_person(name.get<std::string>())) {
          attendees.push_back(person->at("email"));
        }
      }
      if (!attendees.empty()) input["attendees"] = attendees;
    }
    const json result = act("create_event", input);
    if (failed(result)) return say_failure(result);
    const Item item = event_item(result["event"]);
    remember_created({item});
    say("Okay, " + item.title + " is on your calendar " + when_repeating(*item.when, input) + ".");
  }

  // "tomorrow at 2 PM", or for a series "every weekday at 9 AM, from today".
  std::string when_repeating(const std::string& start, const json& input) const {
    if (!input.contains("rrule")) return when(start);
    const auto t = *parse_rfc3339(start);
    return speak_rrule(input["rrule"].get<std::string>()) + " at " + speak_clock(t, c_.zone) +
           ", from " + bare(speak_day(t, c_.now, c_.zone));
  }

  void remember_created(std::vector<Item> items) {
    state_.focus = items;
    state_.last_created = std::move(items);
  }

  // --- listing ---

  void list_todos(const nlu::Understanding& u) {
    json input = {{"limit", 50}};
    const bool done = u.slots.value("status", "") == "done";
    input["status"] = done ? "done" : "open";
    if (u.slots.contains("team")) {
      auto team = find_team(u.slots["team"].get<std::string>());
      if (!team)
        return say("You're not in a team called " + u.slots["team"].get<std::string>() + ".");
      input["team_id"] = team->first;
    }
    if (u.time) {
      input["due_after"] = format_rfc3339(u.time->start);
      input["due_before"] =
          format_rfc3339(u.time->end.value_or(u.time->start + std::chrono::days{1}));
    }
    const json result = act("list_todos", input);
    if (failed(result)) return say_failure(result);
    std::vector<Item> items;
    std::vector<std::string> titles;
    for (const auto& todo : result["items"]) {
      items.push_back(todo_item(todo));
      titles.push_back(items.back().title);
    }
    const std::string kind = done ? "done" : "open";
    if (items.empty())
      return say(done ? "You haven't completed any todos yet." : "You have no open todos.");
    say("You have " + count_of(items.size(), kind + " todo", kind + " todos") + ": " +
        join_list(titles) + ".");
    items.resize(std::min(items.size(), kMaxFocus));
    state_.focus = std::move(items);
  }

  void list_events(const nlu::Understanding& u) {
    Timestamp from = c_.now;
    Timestamp to = local_to_utc(c_.zone, local_day(c_.now, c_.zone) + date::days{1});
    if (u.time) {
      from = u.time->start;
      to = u.time->end.value_or(local_to_utc(c_.zone, local_day(from, c_.zone) + date::days{1}));
    }
    const json result = act(
        "list_events", {{"from", format_rfc3339(from)}, {"to", format_rfc3339(to)}, {"limit", 50}});
    if (failed(result)) return say_failure(result);
    std::vector<Item> items;
    std::vector<std::string> spoken;
    const bool one_day =
        local_day(from, c_.zone) == local_day(to - std::chrono::seconds{1}, c_.zone);
    for (const auto& event : result["items"]) {
      items.push_back(event_item(event));
      const auto start = *parse_rfc3339(*items.back().when);
      spoken.push_back(items.back().title + " " +
                       (one_day ? "at " + speak_clock(start, c_.zone) : when(*items.back().when)));
    }
    const std::string period = u.time ? speak_span(*u.time) : "for the rest of today";
    if (items.empty()) return say("Your calendar is clear " + period + ".");
    say(capitalized(period) + " you have " + count_of(items.size(), "event", "events") + ": " +
        join_list(spoken) + ".");
    items.resize(std::min(items.size(), kMaxFocus));
    state_.focus = std::move(items);
  }

  // The span a listing covers, as the user would say it: "tomorrow", "this week", "in March".
  std::string speak_span(const time::TimeExpression& time) const {
    const auto start = local_day(time.start, c_.zone);
    const auto today = local_day(c_.now, c_.zone);
    if (time.grain == time::Grain::week) {
      const auto monday = today - (date::weekday{today} - date::Monday);
      const auto weeks = (start - monday).count() / 7;
      if (weeks == 0) return "this week";
      if (weeks == 1) return "next week";
      return "the week of " + speak_day(time.start, c_.now, c_.zone).substr(3);
    }
    if (time.grain == time::Grain::month) {
      const date::year_month_day a{start}, b{today};
      const auto months = (a.year() / a.month() - b.year() / b.month()).count();
      if (months == 0) return "this month";
      if (months == 1) return "next month";
      return "in " + speak_day(time.start, c_.now, c_.zone).substr(3);
    }
    return speak_day(time.start, c_.now, c_.zone);
  }

  void list_teams() {
    const json result = act("list_teams", json::object());
    if (failed(result)) return say_failure(result);
    std::vector<std::string> teams;
    for (const auto& team : result["items"]) {
      teams.push_back(team["name"].get<std::string>() + " (" + team["role"].get<std::string>() +
                      ")");
    }
    if (teams.empty()) return say("You're not in any team yet.");
    say("You're in " + count_of(teams.size(), "team", "teams") + ": " + join_list(teams) + ".");
  }

  void list_members(const json& input) {
    const json result = act("list_team_members", input);
    if (failed(result)) return say_failure(result);
    std::vector<std::string> members;
    for (const auto& member : result["items"]) {
      members.push_back(member["name"].get<std::string>() + " (" +
                        member["role"].get<std::string>() + ")");
    }
    say("The team has " + count_of(members.size(), "member", "members") + ": " +
        join_list(members) + ".");
  }

  // --- acting on existing items ---

  static std::string kind_of(const std::string& intent) {
    return intent.ends_with("_event") ? "event" : "todo";
  }

  void change(const nlu::Understanding& u) {
    Pending pending{u.intent, "", json::object(), {}, json::object()};
    if (u.slots.contains("priority")) pending.input["priority"] = u.slots["priority"];
    if (u.slots.contains("assignee")) pending.extra["assignee"] = u.slots["assignee"];
    if (u.slots.contains("title")) pending.extra["title"] = u.slots["title"];
    if (u.slots.contains("new_title")) pending.extra["new_title"] = u.slots["new_title"];
    for (const char* shift : {"shift_minutes", "extend_minutes"}) {
      if (u.slots.contains(shift)) pending.extra[shift] = u.slots[shift];
    }
    // "add Priya to the kickoff call": the time said finds the event; it does not move it.
    const bool pronoun = u.slots.contains("guest_pronoun");
    const bool guests = u.slots.contains("attendees") &&
                        (u.slots.contains("persons") || u.slots.contains("guest_team") || pronoun);
    if (pronoun && state_.last_persons.empty()) {
      return say("Who do you mean? Say their name, like: take Priya off the invite.");
    }
    if (guests) {
      pending.extra["attendees"] = u.slots["attendees"];
      pending.extra["persons"] =
          pronoun ? json(state_.last_persons) : u.slots.value("persons", json::array());
      if (u.slots.contains("guest_team")) pending.extra["guest_team"] = u.slots["guest_team"];
    }
    // "make the standup biweekly": a new recurrence; it moves the item only when it says a day
    // or a time ("every monday at 10").
    const std::string rrule = u.slots.value("rrule", "");
    if (!rrule.empty() && u.intent == "update_event") pending.extra["rrule"] = rrule;
    const bool repeats_only =
        !rrule.empty() && u.time && !u.time->time_given && rrule.find("BY") == std::string::npos;
    if (u.time && !guests && !repeats_only &&
        (u.intent == "update_event" || u.intent == "update_todo")) {
      pending.extra["new_time"] =
          new_time(*u.time, std::string_view(text_).substr(u.time->begin, u.time->length));
    }
    if (u.slots.contains("scope")) pending.extra["scope"] = u.slots["scope"];
    if (const auto day = occurrence_day(u, pending)) pending.extra["occurrence_day"] = *day;
    auto targets = find_targets(u);
    if (!targets) return;  // find_targets has answered
    pending.targets = std::move(*targets);
    if (pending.targets.size() > 1 && !bulk_) {
      pending.awaiting = "choice";
      return ask(std::move(pending), "Which one? " + choice_list(pending.targets) + "?");
    }
    proceed_with_targets(std::move(pending));
  }

  // What "move it to ..." said: the instant, whether a clock time and a day were named.
  static json new_time(const time::TimeExpression& time, std::string_view phrase) {
    json t = {{"start", format_rfc3339(time.start)},
              {"time_given", time.time_given || time.grain == time::Grain::hour},
              {"day", mentions_day(phrase)}};
    if (time.end && time.time_given) t["end"] = format_rfc3339(*time.end);
    return t;
  }

  std::string choice_list(const std::vector<Item>& items) const {
    std::vector<std::string> titles;
    for (const auto& item : items) {
      titles.push_back(item.kind == "event" && item.when ? item.title + " " + when(*item.when)
                                                         : item.title);
    }
    std::string text = join_list(titles, 5);
    const auto last_and = text.rfind(" and ");
    if (last_and != std::string::npos && items.size() <= 5) text.replace(last_and, 5, " or ");
    return text;
  }

  // The items the request points at: an ordinal into what was last listed, "it"/"that", a
  // title, or "all". Empty optional when it answered instead (nothing found, or a question).
  std::optional<std::vector<Item>> find_targets(const nlu::Understanding& u) {
    const std::string kind = kind_of(u.intent);
    const auto words = words_of(text_);
    bulk_ = u.intent.starts_with("delete_") &&
            (has_word(words, "all") || has_word(words, "everything") ||
             (!u.slots.contains("title") &&
              (has_word(words, "todos") || has_word(words, "tasks") || has_word(words, "events") ||
               has_word(words, "meetings"))));
    if (u.slots.contains("ordinal")) {
      int n = u.slots["ordinal"].get<int>();
      if (state_.focus.empty()) {
        say("I haven't listed anything yet. Ask me for your todos or your agenda first.");
        return std::nullopt;
      }
      if (n == -1) n = static_cast<int>(state_.focus.size());
      if (n < 1 || n > static_cast<int>(state_.focus.size())) {
        say("I only listed " + count_of(state_.focus.size(), "item", "items") + ".");
        return std::nullopt;
      }
      return std::vector<Item>{state_.focus[static_cast<std::size_t>(n - 1)]};
    }
    if (u.slots.contains("starts_at") && !bulk_) return starting_at(kind, u);
    if (u.slots.contains("title") && !bulk_) {
      const auto title = u.slots["title"].get<std::string>();
      auto found = matches(kind, title);
      // "push write the report back a day": whether a change or a deletion names a todo or an
      // event is a guess; what exists decides.
      if (found.empty() && u.intent != "complete_todo") {
        found = matches(kind == "todo" ? "event" : "todo", title);
      }
      if (found.empty()) {
        say("I couldn't find " + std::string(kind == "todo" ? "a todo" : "an event") + " called " +
            title + ".");
        return std::nullopt;
      }
      return found;
    }
    if (bulk_) return everything(kind, u);
    if (u.slots.value("reference", "") == "them" && !state_.focus.empty()) {
      bulk_ = true;
      return state_.focus;
    }
    if (state_.focus.size() == 1) return state_.focus;
    if (!state_.focus.empty()) return state_.focus;  // several: asked which below
    const auto candidates = kind == "todo" ? open_todos() : upcoming_events();
    if (candidates.empty()) {
      say(kind == "todo" ? "You have no open todos." : "You have no upcoming events.");
      return std::nullopt;
    }
    if (candidates.size() == 1) return candidates;
    return std::vector<Item>(candidates.begin(),
                             candidates.begin() + static_cast<std::ptrdiff_t>(
                                                      std::min<std::size_t>(5, candidates.size())));
  }

  // "move my 3pm to 4", "cancel the dentist at 5": what starts at the time said; of those, what
  // the title names. A title that names nothing there names the item elsewhere.
  std::optional<std::vector<Item>> starting_at(const std::string& kind,
                                               const nlu::Understanding& u) {
    const std::string said = u.slots["starts_at"];
    const Timestamp start = *parse_rfc3339(said);
    std::vector<Item> found;
    const json events = call(
        "list_events",
        {{"from", said}, {"to", format_rfc3339(start + std::chrono::minutes{1})}, {"limit", 50}});
    if (!failed(events)) {
      for (const auto& event : events["items"]) {
        Item item = event_item(event);
        if (parse_rfc3339(*item.when) == start) found.push_back(std::move(item));
      }
    }
    for (auto& todo : open_todos()) {
      if (!todo.event_id && todo.when && parse_rfc3339(*todo.when) == start) found.push_back(todo);
    }
    const std::string title = u.slots.value("title", "");
    if (!title.empty() && title_match(title, title) > 0) {
      std::vector<Item> named;
      for (const auto& item : found) {
        if (title_match(title, item.title) >= 0.5) named.push_back(item);
      }
      if (!named.empty()) return named;
      auto elsewhere = matches(kind, title);
      if (elsewhere.empty()) elsewhere = matches(kind == "todo" ? "event" : "todo", title);
      if (!elsewhere.empty()) return elsewhere;
    }
    if (found.empty()) {
      say("You have nothing " + speak_when(start, c_.now, c_.zone) + ".");
      return std::nullopt;
    }
    return found;
  }

  std::vector<Item> open_todos() const {
    std::vector<Item> items;
    const json result = call("list_todos", {{"status", "open"}, {"limit", 200}});
    if (failed(result)) return items;
    for (const auto& todo : result["items"]) items.push_back(todo_item(todo));
    return items;
  }

  std::vector<Item> upcoming_events() const {
    std::vector<Item> items;
    std::set<std::int64_t> seen;  // a recurring event once
    const json result =
        call("list_events", {{"from", format_rfc3339(c_.now - std::chrono::days{1})},
                             {"to", format_rfc3339(c_.now + std::chrono::days{365})},
                             {"limit", 200}});
    if (failed(result)) return items;
    for (const auto& event : result["items"]) {
      Item item = event_item(event);
      if (seen.insert(item.id).second) items.push_back(std::move(item));
    }
    return items;
  }

  // The open todos or upcoming events (reminders included) whose title matches best.
  std::vector<Item> matches(const std::string& kind, const std::string& title) const {
    auto candidates = kind == "todo" ? open_todos() : upcoming_events();
    if (kind == "event") {
      // "delete the dentist reminder": a reminder is a todo with its event.
      for (auto& todo : open_todos()) {
        if (todo.event_id) candidates.push_back(todo);
      }
    }
    std::vector<Item> best;
    double best_score = 0.5;
    std::set<std::int64_t> events_seen;
    for (const auto& candidate : candidates) {
      const double score = title_match(title, candidate.title);
      if (score + 1e-9 < best_score) continue;
      if (score > best_score + 1e-9) best.clear(), best_score = score;
      const auto event = candidate.kind == "event" ? candidate.id : candidate.event_id.value_or(0);
      if (event != 0 && !events_seen.insert(event).second) continue;
      best.push_back(candidate);
    }
    return best;
  }

  std::optional<std::vector<Item>> everything(const std::string& kind,
                                              const nlu::Understanding& u) {
    if (kind == "todo") {
      auto todos = open_todos();
      if (todos.empty()) {
        say("You have no open todos.");
        return std::nullopt;
      }
      return todos;
    }
    Timestamp from = local_to_utc(c_.zone, local_day(c_.now, c_.zone));
    Timestamp to = from + std::chrono::days{1};
    std::string period = "today";
    if (u.time) {
      from = u.time->start, to = u.time->end.value_or(from + std::chrono::days{1});
      period = speak_span(*u.time);
    }
    std::vector<Item> items;
    std::set<std::int64_t> seen;
    const json result =
        call("list_events",
             {{"from", format_rfc3339(from)}, {"to", format_rfc3339(to)}, {"limit", 200}});
    if (!failed(result)) {
      for (const auto& event : result["items"]) {
        Item item = event_item(event);
        if (seen.insert(item.id).second) items.push_back(std::move(item));
      }
    }
    if (items.empty()) {
      say("There are no events " + period + ".");
      return std::nullopt;
    }
    return items;
  }

  void proceed_with_targets(Pending pending) {
    const std::string& intent = pending.intent;
    state_.last_intent = intent;
    if (!settle_occurrence(pending)) return;
    if (intent == "delete_todo" || intent == "delete_event") {
      pending.targets = as_reminders(std::move(pending.targets));  // "Delete the reminder ...?"
      return confirm_delete(std::move(pending));
    }
    if (intent == "complete_todo") return complete(pending.targets);
    update(std::move(pending));
  }

  // --- repeating events: one occurrence or the series ---

  // The span that says which occurrence of a repeating event is meant: a move's item day ("move
  // monday's standup to 11"), or a time said that is no new time ("cancel monday's standup",
  // "add rohan to this week's sync"). A JSON {from, to}, or nothing.
  std::optional<json> occurrence_day(const nlu::Understanding& u, const Pending& pending) const {
    const auto span = [](Timestamp from, Timestamp to) {
      return json{{"from", format_rfc3339(from)}, {"to", format_rfc3339(to)}};
    };
    for (const char* slot : {"occurs_on", "starts_at"}) {
      if (!u.slots.contains(slot)) continue;
      const Timestamp from = *parse_rfc3339(u.slots[slot].get<std::string>());
      return span(from, from + std::chrono::days{1});
    }
    if (!u.time || !u.time->rrule.empty() || pending.extra.contains("new_time")) {
      return std::nullopt;
    }
    return span(u.time->start, u.time->end.value_or(u.time->start + std::chrono::days{1}));
  }

  // Settles whether a change or a cancellation of a repeating event is meant for one occurrence
  // or the series: as said, or by asking. False when it asked or answered instead.
  bool settle_occurrence(Pending& pending) {
    if (pending.intent != "delete_event" && pending.intent != "update_event") return true;
    if (pending.extra.value("scope_settled", false)) return true;
    pending.extra["scope_settled"] = true;
    const std::string scope = pending.extra.value("scope", "");
    if (scope == "series") return true;
    const bool day_said = pending.extra.contains("occurrence_day");
    if (pending.targets.size() > 1) {
      // "clear my calendar tomorrow": a repeating event there loses that day's occurrence only.
      for (auto& item : pending.targets) {
        if (item.kind == "event" && !item.rrule.empty() && day_said) item.occurrence = item.when;
      }
      return true;
    }
    Item& item = pending.targets.front();
    if (item.kind != "event" || item.rrule.empty()) return true;
    const auto occurrence = occurrence_meant(item, pending.extra);
    if (!occurrence) {
      say(item.title + (day_said ? " doesn't happen then." : " has no occurrence coming up."));
      return false;
    }
    if (scope == "occurrence") {
      item.occurrence = item.when = *occurrence;
      return true;
    }
    pending.awaiting = "scope";
    pending.extra["occurrence"] = *occurrence;
    ask(std::move(pending), capitalized(item.title) + " repeats " + speak_rrule(item.rrule) +
                                ". Just the one " + when(*occurrence) + ", or all of them?");
    return false;
  }

  // The start of the occurrence meant: the first in the span said, else the next one to come.
  std::optional<std::string> occurrence_meant(const Item& item, const json& extra) const {
    Timestamp from = c_.now;
    Timestamp to = c_.now + std::chrono::days{366};
    if (extra.contains("occurrence_day")) {
      from = *parse_rfc3339(extra["occurrence_day"]["from"].get<std::string>());
      to = *parse_rfc3339(extra["occurrence_day"]["to"].get<std::string>());
    }
    const json found =
        call("list_events",
             {{"from", format_rfc3339(from)}, {"to", format_rfc3339(to)}, {"limit", 1000}});
    if (failed(found)) return std::nullopt;
    for (const auto& occurrence : found["items"]) {
      if (occurrence.value("event_id", std::int64_t{0}) == item.id) {
        return occurrence["start"].get<std::string>();
      }
    }
    return std::nullopt;
  }

  // The answer to "Just the one on Monday, or all of them?".
  bool choose_scope(Pending& pending) {
    const auto words = words_of(text_);
    const auto said = [&](std::initializer_list<std::string_view> any) {
      return std::any_of(any.begin(), any.end(), [&](auto w) { return has_word(words, w); });
    };
    Item& item = pending.targets.front();
    if (said({"just", "only", "once"})) {
      item.occurrence = item.when = pending.extra["occurrence"].get<std::string>();
    } else if (said({"all", "every", "series", "whole", "everything", "always", "them"})) {
      item.occurrence.reset();
    } else if (said({"one", "that", "this", "next"})) {
      item.occurrence = item.when = pending.extra["occurrence"].get<std::string>();
    } else {
      return false;
    }
    pending.awaiting.clear();
    proceed_with_targets(std::move(pending));
    return true;
  }

  // Changes an event, or only the occurrence meant: that one becomes an event of its own, which
  // `item` then is.
  json change_event(Item& item, json fields) {
    fields["id"] = *event_of(item);
    if (item.occurrence) fields["occurrence_start"] = *item.occurrence;
    json result = act("update_event", fields);
    if (!failed(result) && item.occurrence) {
      const json& event = result["event"];
      item = Item{"event", event["id"].get<std::int64_t>(),   event["title"].get<std::string>(),
                  {},      event["start"].get<std::string>(), "",
                  {}};
    }
    return result;
  }

  // A whole series moved by what was said of one occurrence: its first occurrence shifts as
  // that one does, so the series keeps its past.
  json series_moved(std::int64_t event_id, Timestamp occurrence_start, Timestamp start,
                    const json& t) const {
    const json occurrence = occurrence_of(event_id, format_rfc3339(occurrence_start));
    json fields = {{"start", format_rfc3339(start)}};
    if (t.contains("end")) fields["end"] = t["end"];
    if (!occurrence.contains("series_start")) return fields;
    const Timestamp first =
        *parse_rfc3339(occurrence["series_start"].get<std::string>()) + (start - occurrence_start);
    fields["start"] = format_rfc3339(first);
    if (t.contains("end")) {
      fields["end"] = format_rfc3339(first + (*parse_rfc3339(t["end"].get<std::string>()) - start));
    }
    return fields;
  }

  void confirm_delete(Pending pending) {
    pending.awaiting = "confirmation";
    std::string question;
    if (pending.targets.size() == 1) {
      const Item& item = pending.targets.front();
      const bool reminder = item.kind == "todo" && item.event_id;
      question =
          std::string("Delete the ") + (reminder ? "reminder " : item.kind + " ") + item.title;
      if (item.kind == "event" && item.when) question += " " + when(*item.when);
      question += "?";
      if (item.occurrence) {
        question = "Cancel " + item.title + " " + when(*item.occurrence) +
                   "? The rest of the series stays.";
      } else if (!item.rrule.empty()) {
        question = "Delete " + item.title + " and every time it repeats (" +
                   speak_rrule(item.rrule) + ")?";
      }
    } else {
      const bool todos = pending.targets.front().kind == "todo";
      question =
          "Delete " +
          count_of(pending.targets.size(), todos ? "todo" : "event", todos ? "todos" : "events") +
          ": " + join_list(titles_of(pending.targets)) + "?";
    }
    ask(std::move(pending), std::move(question));
  }

  static std::vector<std::string> titles_of(const std::vector<Item>& items) {
    std::vector<std::string> titles;
    for (const auto& item : items) titles.push_back(item.title);
    return titles;
  }

  void perform_confirmed(const Pending& pending) {
    if (pending.extra.value("model_call", false)) {
      const json result = act(pending.intent, pending.input);
      if (failed(result)) return say_failure(result);
      return say("Done.");
    }
    if (pending.intent == "delete_todo" || pending.intent == "delete_event") {
      remove(pending.targets);
    }
  }

  // A todo (open or done) or an upcoming event, by id: what a model's call names.
  std::optional<Item> item_with_id(const std::string& kind, std::int64_t id) const {
    std::vector<Item> candidates = kind == "todo" ? open_todos() : upcoming_events();
    if (kind == "todo") {
      const json done = call("list_todos", {{"status", "done"}, {"limit", 200}});
      if (!failed(done)) {
        for (const auto& todo : done["items"]) candidates.push_back(todo_item(todo));
      }
    }
    for (auto& candidate : candidates) {
      if (candidate.id == id) return candidate;
    }
    return std::nullopt;
  }

  // Deletes items; a reminder goes with its event.
  void remove(const std::vector<Item>& items) {
    std::vector<std::string> removed;
    for (const auto& item : as_reminders(items)) {
      if (item.occurrence) {
        const json result =
            act("delete_event", {{"id", item.id}, {"occurrence_start", *item.occurrence}});
        if (failed(result)) return say_failure(result);
        removed.push_back(item.title + " " + when(*item.occurrence));
        continue;
      }
      const json result =
          act(item.kind == "todo" ? "delete_todo" : "delete_event", {{"id", item.id}});
      if (failed(result)) return say_failure(result);
      if (item.kind == "todo" && item.event_id) {
        const json event = act("delete_event", {{"id", *item.event_id}});
        if (failed(event) && event["error"]["code"] != "not_found") return say_failure(event);
      }
      removed.push_back(item.title);
    }
    state_.focus.clear();
    if (items.size() == 1 && items.front().occurrence) {
      return say("Done, I cancelled " + removed.front() + ". The rest of the series stays.");
    }
    say(removed.size() == 1 ? "Done, I deleted " + removed.front() + "."
                            : "Done, I deleted " + count_of(removed.size(), "item", "items") + ".");
  }

  void complete(const std::vector<Item>& items) {
    std::vector<Item> done;
    for (const auto& item : items) {
      if (item.kind != "todo") {
        return say(item.title + " is a calendar event, not a todo.");
      }
      const json result = act("complete_todo", {{"id", item.id}});
      if (failed(result)) return say_failure(result);
      done.push_back(item);
    }
    say("Nice, I marked " + join_list(titles_of(done)) + " as done.");
    // "the second one" keeps pointing into the list just read; otherwise the done item is "it".
    const auto in_focus = [&](const Item& item) {
      return std::any_of(state_.focus.begin(), state_.focus.end(),
                         [&](const Item& f) { return f.kind == item.kind && f.id == item.id; });
    };
    if (!std::all_of(done.begin(), done.end(), in_focus)) state_.focus = std::move(done);
  }

  // A reminder is a todo with its event: an event that belongs to one is acted on as that todo,
  // so both change together.
  std::vector<Item> as_reminders(std::vector<Item> items) const {
    const bool any_event =
        std::any_of(items.begin(), items.end(), [](const Item& i) { return i.kind == "event"; });
    if (!any_event) return items;
    const auto todos = open_todos();
    for (auto& item : items) {
      if (item.kind != "event" || item.occurrence) continue;  // one occurrence: the event's own
      const auto todo = std::find_if(todos.begin(), todos.end(),
                                     [&](const Item& t) { return t.event_id == item.id; });
      if (todo != todos.end()) item = *todo;
    }
    return items;
  }
  Item as_reminder(const Item& item) const { return as_reminders({item}).front(); }

  void update(Pending pending) {
    Item item = as_reminder(pending.targets.front());
    if (pending.extra.contains("guest_team")) {
      return change_team_guests(item, pending.extra["attendees"] == "add",
                                pending.extra["guest_team"]);
    }
    if (pending.extra.contains("attendees")) {
      return change_guests(item, pending.extra["attendees"] == "add", pending.extra["persons"]);
    }
    std::vector<std::string> changes;
    if (pending.extra.contains("new_time")) {
      const json& t = pending.extra["new_time"];
      if (!move(item, t, changes)) return;
    }
    if (pending.extra.contains("shift_minutes")) {
      if (!item.when) return say(item.title + " has no time to move it from.");
      const auto by = std::chrono::minutes{pending.extra["shift_minutes"].get<int>()};
      const json t = {{"start", format_rfc3339(*parse_rfc3339(*item.when) + by)},
                      {"time_given", true},
                      {"day", true}};
      if (!move(item, t, changes)) return;
    }
    if (pending.extra.contains("rrule") && !repeat(item, pending.extra["rrule"], changes)) return;
    if (pending.extra.contains("extend_minutes") &&
        !change_length(item, std::chrono::minutes{pending.extra["extend_minutes"].get<int>()},
                       changes)) {
      return;
    }
    if (pending.input.contains("priority") || pending.extra.contains("assignee")) {
      if (item.kind != "todo")
        return say(item.title + " is a calendar event; only todos have an assignee or priority.");
      json input = {{"id", item.id}};
      if (pending.input.contains("priority")) {
        input["priority"] = pending.input["priority"];
        changes.push_back(pending.input["priority"].get<std::string>() + " priority");
      }
      if (pending.extra.contains("assignee")) {
        const auto name = pending.extra["assignee"].get<std::string>();
        auto person = find_person(name);
        if (!person) return say("I couldn't find " + name + " in your teams.");
        input["assignee_id"] = person->at("user_id");
        changes.push_back("assigned to " + person->at("name").get<std::string>());
      }
      const json result = act("update_todo", input);
      if (failed(result)) return say_failure(result);
    }
    if (pending.extra.contains("new_title") && !rename(item, pending.extra["new_title"], changes)) {
      return;
    }
    if (changes.empty()) {
      pending.awaiting = "time";
      pending.extra["moved"] = true;
      return ask(std::move(pending), "When should I move " + item.title + " to?");
    }
    say("Done: " + item.title + ", " + join_list(changes) + ".");
    if (pending.extra.contains("new_title")) item.title = pending.extra["new_title"];
    state_.focus = {item};
  }

  // Renames an event or a todo, and a reminder's todo and event together.
  bool rename(Item& item, const json& name, std::vector<std::string>& changes) {
    const std::optional<std::int64_t> event_id = event_of(item);
    if (item.kind == "todo") {
      const json result = act("update_todo", {{"id", item.id}, {"title", name}});
      if (failed(result)) {
        say_failure(result);
        return false;
      }
    }
    if (event_id) {
      const json result = change_event(item, {{"title", name}});
      if (failed(result)) {
        say_failure(result);
        return false;
      }
    }
    changes.push_back("renamed to " + name.get<std::string>());
    return true;
  }

  // "make the standup biweekly": an event (a reminder's) repeats as said.
  bool repeat(const Item& item, const json& rrule, std::vector<std::string>& changes) {
    const std::optional<std::int64_t> event_id = event_of(item);
    if (!event_id) {
      say(item.title + " is a todo without a time; only what is on the calendar repeats.");
      return false;
    }
    const json result = act("update_event", {{"id", *event_id}, {"rrule", rrule}});
    if (failed(result)) {
      say_failure(result);
      return false;
    }
    changes.push_back("now " + speak_rrule(rrule.get<std::string>()));
    return true;
  }

  // "make it 30 minutes longer": the event ends later (or earlier), its start stays.
  bool change_length(Item& item, std::chrono::minutes by, std::vector<std::string>& changes) {
    const std::optional<std::int64_t> event_id = event_of(item);
    if (!event_id) {
      say(item.title + " is a todo; only events have a length.");
      return false;
    }
    const json occurrence = occurrence_of(*event_id, item.when);
    if (!occurrence.contains("end")) {
      say("I couldn't find " + item.title + " on your calendar.");
      return false;
    }
    const Timestamp start = *parse_rfc3339(occurrence["start"].get<std::string>());
    const Timestamp end = *parse_rfc3339(occurrence["end"].get<std::string>()) + by;
    if (end <= start) {
      say(item.title + " isn't that long, so I left it as it is.");
      return false;
    }
    json fields = {{"start", format_rfc3339(start)}, {"end", format_rfc3339(end)}};
    if (!item.occurrence && occurrence.value("recurring", false)) {
      // The whole series: it keeps its first occurrence, and only its length changes.
      const Timestamp first = *parse_rfc3339(occurrence["series_start"].get<std::string>());
      fields = {{"start", format_rfc3339(first)}, {"end", format_rfc3339(first + (end - start))}};
    }
    const json result = change_event(item, fields);
    if (failed(result)) {
      say_failure(result);
      return false;
    }
    changes.push_back("now until " + speak_clock(end, c_.zone));
    return true;
  }

  // Moves an event (and a reminder's todo with it) or a todo's due time; `item` keeps the new
  // time, so "push it back another hour" starts from there.
  bool move(Item& item, const json& t, std::vector<std::string>& changes) {
    const Timestamp said = *parse_rfc3339(t["start"].get<std::string>());
    const std::optional<Timestamp> current = item.when ? parse_rfc3339(*item.when) : std::nullopt;
    Timestamp start = said;
    if (current && t["time_given"].get<bool>() && !t["day"].get<bool>()) {
      start = on_day(*current, said);  // "move it to 3 PM": same day, new time
    } else if (current && !t["time_given"].get<bool>()) {
      start = on_day(said, *current);  // "move it to friday": same time, new day
    }
    const std::optional<std::int64_t> event_id = event_of(item);
    if (event_id) {
      json fields = {{"start", format_rfc3339(start)}};
      if (t.contains("end")) fields["end"] = t["end"];
      if (!item.rrule.empty() && !item.occurrence && current) {
        fields = series_moved(*event_id, *current, start, t);
      }
      const json result = change_event(item, fields);
      if (failed(result)) {
        say_failure(result);
        return false;
      }
    }
    if (item.kind == "todo") {
      const json result = act("update_todo", {{"id", item.id}, {"due_at", format_rfc3339(start)}});
      if (failed(result)) {
        say_failure(result);
        return false;
      }
    }
    changes.push_back("moved to " + bare(speak_when(start, c_.now, c_.zone)));
    item.when = format_rfc3339(start);
    return true;
  }

  // --- "add Sarah too" ---

  // "add Sarah too", "invite Sarah as well", "add sarah@example.com": an attendee for the event
  // in focus. Anything else is not this.
  bool add_person_to_focus() {
    if (state_.focus.size() != 1) return false;
    const Item& item = state_.focus.front();
    if (item.kind != "event" && !item.event_id) return false;
    auto words = words_of(text_);
    if (words.empty() || !(words[0] == "add" || words[0] == "invite" || words[0] == "include" ||
                           (words[0] == "also" && words.size() > 1))) {
      return false;
    }
    if (words[0] == "also") words.erase(words.begin());
    if (words[0] != "add" && words[0] != "invite" && words[0] != "include") return false;
    words.erase(words.begin());
    while (!words.empty() &&
           (words.back() == "too" || words.back() == "also" || words.back() == "well" ||
            words.back() == "as" || words.back() == "please")) {
      words.pop_back();
    }
    if (words.empty() || words.size() > 2) return false;
    const Item event = item.kind == "event"
                           ? item
                           : Item{"event", *item.event_id, item.title, {}, item.when, "", {}};
    const std::string said = trim(text_);
    if (said.find('@') != std::string::npos) {
      const auto at = said.find('@');
      auto begin = said.rfind(' ', at);
      begin = begin == std::string::npos ? 0 : begin + 1;
      auto email = normalize_email(said.substr(begin, said.find(' ', at) - begin));
      if (email) {
        add_attendee(event, *email);
        return true;
      }
    }
    std::string name = words.size() == 1 ? words[0] : words[0] + " " + words[1];
    if (auto person = find_person(name)) {
      add_attendee(event, person->at("email").get<std::string>());
      return true;
    }
    name = capitalized(name);
    Pending pending{"add_attendee", "email", json::object(), {event}, {{"person", name}}};
    ask(std::move(pending), "What's " + name + "'s email address?");
    return true;
  }

  // The event as the agenda lists it around `when` (the agenda spans at most 366 days): the
  // occurrence that starts then, else the first found; an empty object if there is none.
  json occurrence_of(std::int64_t event_id, const std::optional<std::string>& when) const {
    const Timestamp around = when ? *parse_rfc3339(*when) : c_.now;
    const json current =
        call("list_events", {{"from", format_rfc3339(around - std::chrono::days{183})},
                             {"to", format_rfc3339(around + std::chrono::days{183})},
                             {"limit", 1000}});
    if (failed(current)) return json::object();
    const json* first = nullptr;
    for (const auto& occurrence : current["items"]) {
      if (occurrence.value("event_id", occurrence.value("id", 0)) != event_id) continue;
      if (!when || occurrence.value("start", "") == *when) return occurrence;
      if (first == nullptr) first = &occurrence;
    }
    return first ? *first : json::object();
  }

  json attendees_of(std::int64_t event_id, const std::optional<std::string>& when) const {
    return occurrence_of(event_id, when).value("attendees", json::array());
  }

  void add_attendee(const Item& event, const std::string& email) {
    json attendees = attendees_of(event.id, event.when);
    if (std::find(attendees.begin(), attendees.end(), email) == attendees.end())
      attendees.push_back(email);
    const json result = act("update_event", {{"id", event.id}, {"attendees", attendees}});
    if (failed(result)) return say_failure(result);
    state_.focus = {event};
    say("Okay, I added " + email + " to " + event.title + ".");
  }

  // "add Priya and Sam to the kickoff call", "take Leo off the interview panel": team mates by
  // name, in one change of the event's attendees.
  void change_guests(const Item& item, bool add, const json& names) {
    std::vector<json> people;
    std::vector<std::string> unknown;
    for (const auto& said : names) {
      const auto name = said.get<std::string>();
      if (auto person = find_person(name)) {
        people.push_back(std::move(*person));
      } else {
        unknown.push_back(capitalized(name));
      }
    }
    apply_guests(item, add, people, unknown, names.size() == 1);
  }

  // "invite the design team to the sync": every member but the caller.
  void change_team_guests(const Item& item, bool add, const json& said) {
    const auto team = find_team(said.get<std::string>());
    if (!team) return say("You're not in a team called " + said.get<std::string>() + ".");
    const json members = call("list_team_members", {{"team_id", team->first}});
    if (failed(members)) return say_failure(members);
    std::vector<json> people;
    for (const auto& member : members["items"]) {
      if (member["user_id"] != c_.principal.user_id) people.push_back(member);
    }
    if (people.empty()) return say("There's no one in " + team->second + " but you.");
    apply_guests(item, add, people, {}, false);
  }

  // `people` are team members ({name, email}); `unknown` names no team has. A single unknown
  // name being added is asked for by email.
  void apply_guests(const Item& item, bool add, const std::vector<json>& people,
                    std::vector<std::string> unknown, bool one_named) {
    const std::optional<std::int64_t> event_id = event_of(item);
    if (!event_id) return say(item.title + " is a todo; only events have guests.");
    Item event{"event", *event_id, item.title, {}, item.when, item.rrule, item.occurrence};
    json attendees = attendees_of(*event_id, item.when);
    std::vector<std::string> changed, absent;
    for (const auto& person : people) {
      const json email = person.at("email");
      const auto listed = std::find(attendees.begin(), attendees.end(), email);
      const bool was_listed = listed != attendees.end();
      if (add && !was_listed) attendees.push_back(email);
      if (!add && was_listed) attendees.erase(listed);
      (add || was_listed ? changed : absent).push_back(person.at("name").get<std::string>());
    }
    if (add && changed.empty() && unknown.size() == 1 && one_named) {
      Pending pending{"add_attendee", "email", json::object(), {event}, {{"person", unknown[0]}}};
      return ask(std::move(pending), "What's " + unknown[0] + "'s email address?");
    }
    if (!changed.empty()) {
      const json result = change_event(event, {{"attendees", attendees}});
      if (failed(result)) return say_failure(result);
      state_.focus = {event};
    }
    std::string reply;
    if (!changed.empty()) {
      reply = add ? "Okay, I added " + join_list(changed) + " to " + event.title + "."
                  : "Okay, I took " + join_list(changed) + " off " + event.title + ".";
    }
    if (!absent.empty()) {
      reply += (reply.empty() ? "" : " ") + join_list(absent) +
               (absent.size() == 1 ? " isn't" : " aren't") + " on " + event.title + ".";
    }
    if (!unknown.empty()) {
      reply += (reply.empty() ? "" : " ") + std::string("I couldn't find ") + join_list(unknown) +
               " in your teams.";
    }
    say(reply);
  }

  // --- undo ---

  void undo_last() {
    if (previous_created_.empty()) return say("There's nothing to cancel.");
    remove(previous_created_);
    if (out_.reply.starts_with("Done, I deleted ")) {
      say("Okay, I cancelled " + join_list(titles_of(previous_created_)) + ".");
    }
  }

  // --- people and teams ---

  // (team id, name) of the caller's team whose name matches what was said.
  std::optional<std::pair<std::int64_t, std::string>> find_team(std::string_view said) const {
    const json teams = call("list_teams", json::object());
    if (failed(teams)) return std::nullopt;
    std::optional<std::pair<std::int64_t, std::string>> best;
    double best_score = 0.5;
    for (const auto& team : teams["items"]) {
      const auto name = team["name"].get<std::string>();
      double score = title_match(said, name);
      if (normalize(name) == normalize(said)) score = 2;
      if (score > best_score)
        best.emplace(team["id"].get<std::int64_t>(), name), best_score = score;
    }
    return best;
  }

  // A member of one of the caller's teams whose name (or first name) is what was said.
  std::optional<json> find_person(std::string_view said) const {
    const std::string wanted = normalize(said);
    const json teams = call("list_teams", json::object());
    if (failed(teams) || wanted.empty()) return std::nullopt;
    for (const auto& team : teams["items"]) {
      const json members = call("list_team_members", {{"team_id", team["id"]}});
      if (failed(members)) continue;
      for (const auto& member : members["items"]) {
        const std::string name = normalize(member["name"].get<std::string>());
        const std::string first = name.substr(0, name.find(' '));
        if (name == wanted || first == wanted) return member;
      }
    }
    return std::nullopt;
  }

  const TurnContext& c_;
  State& state_;
  Outcome out_;
  std::string text_;
  std::string normalized_;
  std::vector<Item> previous_created_;
  bool bulk_ = false;
};

}  // namespace

std::vector<Item> items_of(const json& result) {
  if (!result.is_object() || result.contains("error")) return {};
  if (result.contains("todo")) return {todo_item(result["todo"])};
  if (result.contains("event")) return {event_item(result["event"])};
  return {};
}

Outcome run_turn(const TurnContext& context, State& state, std::string_view text) {
  return Turn(context, state).run(text);
}

Outcome confirm_held_call(const TurnContext& context, State& state, const ToolAction& held) {
  return Turn(context, state).confirm_held(held);
}

}  // namespace convonet::assistant::dialogue::detail
