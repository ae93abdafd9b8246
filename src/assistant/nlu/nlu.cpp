#include "assistant/nlu/nlu.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <date/tz.h>

#include "assistant/nlu/detail/cues.hpp"
#include "assistant/nlu/detail/lexicon.hpp"

namespace convonet::assistant::nlu {

namespace {

using detail::Cue;
using detail::kCues;
using detail::Weights;
using nlohmann::json;

// Nobody says more than this in one turn; longer input is cut so the work stays bounded.
constexpr std::size_t kMaxBytes = 1024;
constexpr std::size_t kMaxTokens = 128;

struct Token {
  std::string word;  // lower case, apostrophes and in-word hyphens dropped ("don't" -> "dont")
  std::size_t begin = 0, end = 0;  // byte span in the (cut) utterance
  bool removed = false;            // not part of the title
};

bool is_word_byte(unsigned char c) {
  return std::isalnum(c) != 0 || c >= 0x80;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size() && tokens.size() < kMaxTokens) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!is_word_byte(c)) {
      ++i;
      continue;
    }
    Token token;
    token.begin = i;
    while (i < text.size()) {
      const auto d = static_cast<unsigned char>(text[i]);
      const bool joiner = (d == '\'' || d == '-') && i + 1 < text.size() &&
                          std::isalpha(static_cast<unsigned char>(text[i + 1])) != 0 &&
                          !token.word.empty();
      if (text.substr(i, 3) == "\xE2\x80\x99" && !token.word.empty()) {  // typographic apostrophe
        i += 3;
        continue;
      }
      if (joiner) {
        ++i;
        continue;
      }
      if (!is_word_byte(d)) break;
      token.word.push_back(static_cast<char>(std::tolower(d)));
      ++i;
    }
    token.end = i;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

template <std::size_t N>
bool in(std::string_view word, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

struct IndexedCue {
  std::vector<std::string> words;
  const Cue* cue;
};

// First word -> cues starting with it, longest first.
const std::unordered_map<std::string, std::vector<IndexedCue>>& cue_index() {
  static const auto index = [] {
    std::unordered_map<std::string, std::vector<IndexedCue>> map;
    for (const auto& cue : kCues) {
      IndexedCue entry{{}, &cue};
      std::string_view rest = cue.phrase;
      while (!rest.empty()) {
        const auto space = rest.find(' ');
        entry.words.emplace_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
      }
      map[entry.words.front()].push_back(std::move(entry));
    }
    for (auto& [word, entries] : map) {
      std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.words.size() > b.words.size();
      });
    }
    return map;
  }();
  return index;
}

void add(Weights& total, const Weights& w) {
  total.create += w.create;
  total.list += w.list;
  total.update += w.update;
  total.complete += w.complete;
  total.remove += w.remove;
  total.todo += w.todo;
  total.event += w.event;
  total.reminder += w.reminder;
  total.team += w.team;
  total.members += w.members;
  total.human += w.human;
  total.help += w.help;
  total.chat += w.chat;
}

bool matches(const std::vector<Token>& tokens, std::size_t at, const std::vector<std::string>& w) {
  if (at + w.size() > tokens.size()) return false;
  for (std::size_t k = 0; k < w.size(); ++k) {
    if (tokens[at + k].word != w[k]) return false;
  }
  return true;
}

enum class Action { none, create, list, update, complete, remove };

// A cue that neither asks nor does anything ("meeting", "milk") ...
bool no_action(const Weights& w) {
  return w.create + w.list + w.update + w.complete + w.remove == 0;
}

// ... and one that only names a kind of thing.
bool names_a_thing(const Weights& w) {
  return no_action(w) && w.todo + w.event + w.reminder > 0;
}

Action dominant_action(const Weights& w) {
  const std::pair<float, Action> all[] = {{w.create, Action::create},
                                          {w.list, Action::list},
                                          {w.update, Action::update},
                                          {w.complete, Action::complete},
                                          {w.remove, Action::remove}};
  auto best = std::pair<float, Action>{0.0F, Action::none};
  for (const auto& a : all) {
    if (a.first > best.first) best = a;
  }
  return best.second;
}

Action action_of(std::string_view intent) {
  if (intent.starts_with("create_")) return Action::create;
  if (intent.starts_with("list_")) return Action::list;
  if (intent.starts_with("update_")) return Action::update;
  if (intent.starts_with("complete_")) return Action::complete;
  if (intent.starts_with("delete_")) return Action::remove;
  return Action::none;
}

struct Match {
  std::size_t at, length;
  const Cue* cue;
  bool command;   // said in the command part at the start, before the content began
  Action action;  // what it asks for here ("tell me at six to ..." asks to create)
};

constexpr std::array<std::string_view, 12> kClockNumbers = {"one",  "two", "three",  "four",
                                                            "five", "six", "seven",  "eight",
                                                            "nine", "ten", "eleven", "twelve"};

struct Scored {
  Weights weights;
  std::vector<Match> hits;
  bool command_verb = false;      // a create/update/complete/delete verb in the command part
  bool any_verb = false;          // such a verb anywhere
  bool clock_said = false;        // "4 pm", "at 9", "at seven"
  bool vocative = false;          // the first word is a name the assistant is called by
  bool collection_said = false;   // "events", "my calendar", "the shopping list", "alarms"
  bool action_word = false;       // a word that asks for an action ("add", "cancel"), not a noun
  bool lead_time_said = false;    // "an hour before", "ten minutes before it starts"
  bool todo_named = false;        // a word for a todo or a list ("task", "shopping list")
  bool question = false;          // a question word or phrase ("what", "when is", "do i have")
  bool reminder_last = false;     // "... at eight every night, please remind me"
  bool list_destination = false;  // "garlic and onions for the shopping list"
  bool list_place = false;        // "... on my habits list", "... from the wish list"
  bool item_placed = false;       // "olive oil on the shopping list please": a thing, where it goes
  bool day_destination = false;   // "add the farmers market to my saturday morning"
  bool in_company = false;        // "hiking with mateo saturday": done with someone
  bool reported_done = false;     // "finally fixed the leaking tap": a past-tense verb first
  bool statement_noted = false;   // "there's a fire drill on the 16th, add that", "note that ..."
  bool day_marked = false;        // "mark the twentieth as my day off"
  bool day_added = false;         // "add kwame's farewell drinks on friday": a thing for a day
  bool delegated = false;         // "get dmitri to look into the bug", "give emeka a task to ..."
  std::size_t request_from = 0;   // "what's on tomorrow | i need to cancel": a question led up
};

// Sums the cues, greedy longest match from the left.
//
// The command part is the start of the utterance up to the first word that is no cue and no
// article, or up to a second verb of another action ("add | update the budget"). Verbs after it
// belong to the content ("remind me to | book flights", "create a task to | update the logo")
// and count for less; questions and nouns count wherever they are.
bool in_span(const Token& token, const std::optional<time::TimeExpression>& when);

bool is_number(std::string_view word);

constexpr std::array<std::string_view, 6> kThingsMade = {"task",  "todo",    "reminder",
                                                         "event", "meeting", "appointment"};

// "... my calendar is completely clear", "... friday stays empty": said to be left empty.
bool left_empty(const std::vector<Token>& tokens, std::size_t k) {
  constexpr std::array<std::string_view, 6> being = {"is", "are", "stays", "stay", "be", "remains"};
  constexpr std::array<std::string_view, 4> empty = {"clear", "empty", "blank", "free"};
  constexpr std::array<std::string_view, 4> wholly = {"completely", "totally", "entirely", "all"};
  for (std::size_t j = k; j + 1 < tokens.size() && j < k + 6; ++j) {
    if (!in(tokens[j].word, being)) continue;
    std::size_t state = j + 1;
    if (in(tokens[state].word, wholly) && state + 1 < tokens.size()) ++state;
    return in(tokens[state].word, empty);
  }
  return false;
}

// "the meeting", "my doctor appointment": one thing, not "my upcoming appointments" or "any
// meetings".
bool one_thing_follows(const std::vector<Token>& tokens, std::size_t k) {
  constexpr std::array<std::string_view, 6> determiners = {"the", "a", "an", "my", "our", "this"};
  if (k >= tokens.size() || !in(tokens[k].word, determiners)) return false;
  constexpr std::array<std::string_view, 17> many = {
      "upcoming", "next",  "any",      "all",       "every",    "meetings",
      "events",   "plans", "schedule", "agenda",    "calendar", "appointments",
      "day",      "week",  "alarms",   "reminders", "things"};
  for (std::size_t j = k + 1; j < tokens.size() && j <= k + 3; ++j) {
    if (in(tokens[j].word, many)) return false;
  }
  return k + 1 < tokens.size();
}

// "let me know when it's time to leave", "tell me at seven to start the slow cooker": asked
// to be told later, not told now. `next` is the token after the phrase.
bool told_later(const std::vector<Token>& tokens, std::size_t next,
                const std::optional<time::TimeExpression>& when) {
  std::size_t k = next;
  while (k < tokens.size() && in_span(tokens[k], when)) ++k;
  if (k >= tokens.size()) return k > next;  // "let me know at 5"
  // "let me know a day before the books are due": a lead time.
  if (k + 2 < tokens.size() && tokens[k + 2].word == "before" &&
      (tokens[k].word == "a" || tokens[k].word == "an" || is_number(tokens[k].word) ||
       in(tokens[k].word, kClockNumbers))) {
    return true;
  }
  const auto& w = tokens[k].word;
  if (w == "to" || w == "before" || w == "once") return true;
  // "let me know of the meeting on tuesday": of one thing, at its time, later. "inform me of
  // my upcoming appointments" asks now.
  if (w == "of" && when && one_thing_follows(tokens, k + 1)) return true;
  const auto then = k + 1 < tokens.size() ? std::string_view(tokens[k + 1].word) : "";
  if (w == "that" && then == "its") return true;  // "let me know at five that it's time to ..."
  return w == "when" && (then == "its" || then == "it" || then == "i" || then == "to");
}

// "remind me when i get to work", "set a reminder for when the football starts": "when" opens
// a clause that says when, no question ("when do i ..." asks).
bool subordinate_when(const std::vector<Token>& tokens, std::size_t k) {
  if (k > 0 && (tokens[k - 1].word == "for" || tokens[k - 1].word == "until")) return true;
  if (k + 2 >= tokens.size()) return false;
  // "when the clock hits five tell me to leave": opening with "when", a question puts its verb
  // first ("when is the ..."); inside a sentence it may not ("remind me when the concert is").
  constexpr std::array<std::string_view, 6> determiners = {"the", "my",  "our",
                                                           "his", "her", "your"};
  if (k == 0 && in(tokens[k + 1].word, determiners)) return true;
  constexpr std::array<std::string_view, 5> subjects = {"i", "we", "he", "she", "they"};
  constexpr std::array<std::string_view, 17> auxiliaries = {
      "is",  "are", "am",   "was",   "were", "do",    "does",   "did",  "have",
      "has", "had", "will", "would", "can",  "could", "should", "shall"};
  if (in(tokens[k + 1].word, subjects)) return !in(tokens[k + 2].word, auxiliaries);
  if (tokens[k + 1].word == "its") return true;  // "remind me when it's five o'clock"
  // "make a grocery list for the weekend when hamza visits": someone does something then.
  // "remind me when the new season drops": ... or at the end of what they say.
  const auto does = [&](const std::string& verb) {
    return verb.size() > 3 && verb.ends_with("s") && !verb.ends_with("ss") &&
           !in(verb, auxiliaries);
  };
  const bool said_last =
      in(tokens[k + 1].word, determiners) && k + 4 >= tokens.size() - 1 && does(tokens.back().word);
  return k > 0 && !in(tokens[k + 1].word, auxiliaries) && (does(tokens[k + 2].word) || said_last);
}

// "remind me again what time parents evening is", "remind me where the party is": told now.
bool asks_now(const std::vector<Token>& tokens, std::size_t next) {
  if (next < tokens.size() && tokens[next].word == "again") ++next;
  constexpr std::array<std::string_view, 7> asking = {"what", "whats", "where", "wheres",
                                                      "who",  "which", "how"};
  return next < tokens.size() && in(tokens[next].word, asking);
}

bool question_tagged(const std::vector<Token>& tokens) {
  if (tokens.size() < 4) return false;
  if (tokens.back().word == "right") return true;
  constexpr std::array<std::string_view, 10> auxiliaries = {
      "do", "dont", "am", "is", "isnt", "have", "havent", "did", "didnt", "arent"};
  constexpr std::array<std::string_view, 3> pronouns = {"i", "it", "we"};
  const std::string& last = tokens.back().word;
  const std::string& before = tokens[tokens.size() - 2].word;
  return in(last, pronouns) && in(before, auxiliaries);
}

bool day_duties_asked(const std::vector<Token>& tokens,
                      const std::optional<time::TimeExpression>& when) {
  if (!when || when->grain != time::Grain::day || tokens.empty() || tokens[0].word != "what") {
    return false;
  }
  // ("what are the things i have to do tomorrow on my list" asks the list).
  constexpr std::array<std::string_view, 5> now_or_open = {"today", "still", "get", "by", "list"};
  if (std::any_of(tokens.begin(), tokens.end(),
                  [&](const Token& t) { return in(t.word, now_or_open); })) {
    return false;
  }
  const auto said = [&](std::string_view a, std::string_view b) {
    for (std::size_t k = 0; k + 2 < tokens.size(); ++k) {
      if (tokens[k].word == a && tokens[k + 1].word == "to" && tokens[k + 2].word == b) return true;
    }
    return false;
  };
  return said("have", "do") || said("supposed", "do") || said("need", "do");
}

// "get dmitri to look into the bug", "ask tom to send the deck", "give emeka a task to update
// the sheet", "assign fatima a new task": work handed to someone, a todo of theirs. Answers where
// the handing verb is, or tokens.size().
std::size_t delegated_at(const std::vector<Token>& tokens) {
  constexpr std::array<std::string_view, 7> openers = {"can", "could", "you", "please",
                                                       "pls", "plz",   "just"};
  std::size_t i = 0;
  while (i < tokens.size() && in(tokens[i].word, openers)) ++i;
  if (i + 3 >= tokens.size() || !detail::may_be_name(tokens[i + 1].word)) return tokens.size();
  const std::string& verb = tokens[i].word;
  const std::string& next = tokens[i + 2].word;
  if ((verb == "get" || verb == "ask") && next == "to") return i;
  constexpr std::array<std::string_view, 4> work = {"task", "todo", "job", "new"};
  if ((verb == "give" || verb == "assign") && next == "a" && in(tokens[i + 3].word, work)) {
    return i;
  }
  return tokens.size();
}

// "add kwame's farewell drinks friday", "stick the council tax payment on the fifteenth": a
// thing put on a day, no task said ("add buy milk on friday", "add call mum tomorrow") and no
// deadline ("by friday"), is something that happens that day.
bool day_added(const std::vector<Token>& tokens, const std::vector<Match>& hits,
               const std::optional<time::TimeExpression>& when) {
  if (!when || when->time_given || hits.empty()) return false;
  constexpr std::array<std::string_view, 5> adding = {"add", "put", "insert", "stick", "pop"};
  const auto verb = std::find_if(hits.begin(), hits.end(), [&](const Match& m) {
    return m.command && in(m.cue->phrase, adding);
  });
  if (verb == hits.end()) return false;
  const std::size_t thing = verb->at + verb->length;
  if (thing >= tokens.size() || in_span(tokens[thing], when) || tokens[thing].word == "to") {
    return false;
  }
  const bool task_said = std::any_of(hits.begin(), hits.end(), [&](const Match& m) {
    return &m != &*verb && (m.cue->w.todo > 0 || m.cue->w.reminder > 0 || m.cue->w.list > 0);
  });
  if (task_said) return false;
  // "for tomorrow" is when it is wanted by.
  constexpr std::array<std::string_view, 6> deadline = {"by",    "before", "due",
                                                        "until", "till",   "for"};
  for (std::size_t k = 1; k < tokens.size(); ++k) {
    if (in_span(tokens[k], when) && !in_span(tokens[k - 1], when)) {
      return !in(tokens[k - 1].word, deadline) && !in(tokens[k].word, deadline);
    }
  }
  return false;
}

// "mark the fourth of july barbecue at tom's place on my calendar": marked on the calendar.
bool put_on_calendar(const std::vector<Token>& tokens, std::size_t mark) {
  constexpr std::array<std::string_view, 3> onto = {"on", "in", "into"};
  constexpr std::array<std::string_view, 4> calendars = {"calendar", "calender", "diary",
                                                         "schedule"};
  for (std::size_t k = mark + 1; k + 1 < tokens.size() && k <= mark + 12; ++k) {
    if (!in(tokens[k].word, onto)) continue;
    const std::size_t at =
        tokens[k + 1].word == "my" || tokens[k + 1].word == "the" ? k + 2 : k + 1;
    if (at < tokens.size() && in(tokens[at].word, calendars)) return true;
  }
  return false;
}

// "mark march third holiday": a day named right after "mark", and no state it is marked as
// ("mark friday's report as done").
bool day_named_next(const std::vector<Token>& tokens, std::size_t mark,
                    const std::optional<time::TimeExpression>& when) {
  std::size_t next = mark + 1;
  // "the school holiday starts on the twentieth, mark it please": the day said before.
  constexpr std::array<std::string_view, 3> pointing = {"it", "that", "this"};
  const bool points_back = next < tokens.size() && in(tokens[next].word, pointing) &&
                           (next + 1 == tokens.size() || tokens[next + 1].word == "please" ||
                            tokens[next + 1].word == "down");
  if (points_back) return true;
  if (next < tokens.size() && tokens[next].word == "the") ++next;
  if (next >= tokens.size() || !in_span(tokens[next], when)) return false;
  return std::none_of(tokens.begin() + static_cast<std::ptrdiff_t>(next), tokens.end(),
                      [](const Token& t) { return t.word == "as"; });
}

// "as my day off", not "as done" or "as urgent": a state a day can be.
bool marks_a_day(const std::vector<Token>& tokens, std::size_t as) {
  constexpr std::array<std::string_view, 10> states = {"done", "complete", "completed", "finished",
                                                       "high", "low",      "urgent",    "important",
                                                       "read", "priority"};
  return as + 1 < tokens.size() && tokens[as].word == "as" && !in(tokens[as + 1].word, states);
}

// "mark the twentieth as my day off", "today needs to be marked as my cheat day": a day marked
// as something is a day on the calendar.
bool day_marked(const std::vector<Token>& tokens, const std::optional<time::TimeExpression>& when) {
  if (when && when->time_given) return false;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (tokens[k].word != "mark" && tokens[k].word != "marked") continue;
    if (put_on_calendar(tokens, k)) return true;
    if (!when) continue;
    if (day_named_next(tokens, k, when)) return true;
    std::size_t as = k + 1;
    while (as < tokens.size() && as <= k + 5 && tokens[as].word != "as") ++as;
    if (as >= tokens.size() || !marks_a_day(tokens, as)) continue;
    const std::size_t from = k >= 4 ? k - 4 : 0;
    for (std::size_t j = from; j < as; ++j) {
      if (in_span(tokens[j], when)) return true;
    }
  }
  return false;
}

// "... at eight every night, please remind me": the request comes last.
bool said_last(const std::vector<Token>& tokens, std::size_t after) {
  constexpr std::array<std::string_view, 9> tail = {"please", "about", "it",   "that", "of",
                                                    "then",   "too",   "okay", "ok"};
  return std::all_of(tokens.begin() + static_cast<std::ptrdiff_t>(after), tokens.end(),
                     [&](const Token& t) { return in(t.word, tail); });
}

// "we're out of paint, so take it off the list": a comma, a full stop or "so" ends the
// statement before; "... there's no flour left can you put that down": so does a request's
// opening.
// "i'm awake now turn the alarm off", "... now just cancel it": a statement ends on "now".
bool ends_on_now(const std::vector<Token>& tokens, std::size_t k) {
  if (k >= 2 && tokens[k - 1].word == "just") --k;
  return k >= 2 && tokens[k - 1].word == "now";
}

bool clause_starts(std::string_view text, const std::vector<Token>& tokens, std::size_t k) {
  if (k == 0) return false;
  if (tokens[k - 1].word == "so" || tokens[k - 1].word == "please" || tokens[k - 1].word == "but") {
    return true;
  }
  // "... so you can remove the reminder"
  if (k >= 3 && tokens[k - 3].word == "so" && tokens[k - 2].word == "you" &&
      (tokens[k - 1].word == "can" || tokens[k - 1].word == "could")) {
    return true;
  }
  // "... so i won't need waking up": the speaker as the subject of the new clause.
  if (k >= 2 && tokens[k - 2].word == "so" &&
      (tokens[k - 1].word == "i" || tokens[k - 1].word == "we")) {
    return true;
  }
  // "am i busy friday, if not book the plumber", "... otherwise move it", "... then cancel it".
  if (tokens[k - 1].word == "otherwise" || tokens[k - 1].word == "then") return true;
  if (ends_on_now(tokens, k)) return true;
  if (k >= 2 && tokens[k - 2].word == "if" &&
      (tokens[k - 1].word == "not" || tokens[k - 1].word == "so")) {
    return true;
  }
  if (k >= 2 && tokens[k - 1].word == "you" &&
      (tokens[k - 2].word == "can" || tokens[k - 2].word == "could")) {
    return true;
  }
  const auto gap = text.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end);
  return gap.find_first_of(",.!?;") != std::string_view::npos;
}

// "todo: call the bank", "task for marketing: launch email", "cal add: haircut sat 11",
// "+todo update my profile": a label typed before a colon (or after a "+") says what to make,
// and what follows is only its content. The index of the first content token, or 0.
std::size_t content_after_label(std::string_view text, const std::vector<Token>& tokens) {
  constexpr std::array<std::string_view, 13> labels = {
      "todo", "todos",    "task",    "tasks", "item",        "reminder", "event",
      "cal",  "calendar", "meeting", "appt",  "appointment", "do"};
  if (tokens.empty()) return 0;
  const auto before_first = text.substr(0, tokens[0].begin);
  if (before_first.find('+') != std::string_view::npos && in(tokens[0].word, labels)) return 1;
  bool labelled = false;
  for (std::size_t k = 0; k + 1 < tokens.size() && k < 5; ++k) {
    labelled = labelled || in(tokens[k].word, labels);
    const auto gap = text.substr(tokens[k].end, tokens[k + 1].begin - tokens[k].end);
    // "task: call the bank", "todo - chase the invoices", "todo — ...": a colon or a dash
    // (hyphens inside words are no gap).
    const bool marks = gap.find_first_of(":-") != std::string_view::npos ||
                       gap.find("\xE2\x80\x93") != std::string_view::npos ||
                       gap.find("\xE2\x80\x94") != std::string_view::npos;
    if (marks) return labelled ? k + 1 : 0;
  }
  return 0;
}

// Byte ranges of text in double quotes: a title as typed ("add \"book the venue\" to my
// tasks"), whose words ask for nothing.
std::vector<std::pair<std::size_t, std::size_t>> quoted_ranges(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::size_t from = 0;
  while (true) {
    const auto open = text.find_first_of("\"\xE2", from);
    if (open == std::string_view::npos) return ranges;
    const bool curly = text.substr(open, 3) == "\xE2\x80\x9C";
    if (text[open] != '"' && !curly) {
      from = open + 1;
      continue;
    }
    const auto inside = open + (curly ? 3 : 1);
    const auto close = text.find(curly ? "\xE2\x80\x9D" : "\"", inside);
    if (close == std::string_view::npos) return ranges;
    ranges.emplace_back(inside, close);
    from = close + 1;
  }
}

// One of `words` among the three tokens before k: "to my family calendar".
template <std::size_t N>
bool shortly_after(const std::vector<Token>& tokens, std::size_t k,
                   const std::array<std::string_view, N>& words) {
  for (std::size_t back = 1; back <= 3 && back <= k; ++back) {
    if (in(tokens[k - back].word, words)) return true;
  }
  return false;
}

// "to my family calendar", "from my vacation list": the cue at k names a place things are in.
bool container(const std::vector<Token>& tokens, std::size_t k) {
  constexpr std::array<std::string_view, 7> places = {"to",   "from", "on",  "in",
                                                      "onto", "off",  "into"};
  return shortly_after(tokens, k, places);
}

// "we've", "they'll", "didn't", "we're": a word with a contracted ending (unlike "o'brien").
bool contracted(std::string_view text, const Token& token) {
  const auto said = text.substr(token.begin, token.end - token.begin);
  for (const std::string_view ending : {"ve", "re", "ll", "d", "m", "t"}) {
    if (!token.word.ends_with(ending)) continue;
    const auto before = said.substr(0, said.size() - ending.size());
    if (before.ends_with('\'') || before.ends_with("\xE2\x80\x99")) return true;
  }
  return false;
}

// "no standups on friday", "no sync today folks": an event said not to happen; "end the
// standup series": a series ended.
bool called_off(const std::vector<Token>& tokens, const std::vector<Match>& hits) {
  constexpr std::array<std::string_view, 5> openers = {"ok", "okay", "so", "and", "hey"};
  std::size_t k = 0;
  while (k < tokens.size() && in(tokens[k].word, openers)) ++k;
  if (k >= tokens.size()) return false;
  const auto event_within = [&](std::size_t from, std::size_t to) {
    return std::any_of(hits.begin(), hits.end(), [&](const Match& m) {
      const Weights& w = m.cue->w;
      return m.at > from && m.at <= to && w.event >= 1 && no_action(w);
    });
  };
  if (tokens[k].word == "no") return event_within(k, k + 3);
  const bool series = std::any_of(tokens.begin(), tokens.end(), [](const Token& t) {
    return t.word == "series" || t.word == "recurring";
  });
  return tokens[k].word == "end" && series;
}

bool is_greeting(std::string_view word) {
  return word == "hey" || word == "ok" || word == "okay" || word == "hi";
}

// "um alexa set an alarm": a filler or a greeting before the name the assistant is called by.
bool before_vocative(std::string_view word) {
  return is_greeting(word) || word == "um" || word == "uh" || word == "so" || word == "oh";
}

// "the vet wants to see the dog", "coming to look at the boiler": a visit, not a look at the
// calendar ("i'd like to see my schedule", "to look at what's on").
bool visits(const std::vector<Token>& tokens, std::size_t at, std::string_view phrase,
            std::size_t next) {
  if ((phrase != "see" && phrase != "look at") || at == 0 || tokens[at - 1].word != "to") {
    return false;
  }
  constexpr std::array<std::string_view, 4> articles = {"the", "a", "an", "some"};
  constexpr std::array<std::string_view, 16> looked_at = {
      "calendar", "calender", "schedule", "agenda", "diary", "list", "lists",     "what",
      "whats",    "if",       "whether",  "when",   "my",    "all",  "reminders", "alarms"};
  while (next < tokens.size() && in(tokens[next].word, articles)) ++next;
  return next < tokens.size() && !in(tokens[next].word, looked_at);
}

// "the vet wants to see the dog", "i'd help him move house": words that are cues elsewhere
// but here only say what happens; they stay in the title.
bool no_cue_here(const std::vector<Token>& tokens, std::size_t at, const IndexedCue& hit,
                 const std::optional<time::TimeExpression>& when) {
  constexpr std::array<std::string_view, 7> helped = {"him", "her",  "them", "us",
                                                      "out", "move", "with"};
  const std::size_t next = at + hit.words.size();
  // "the gym free trial": no question of being free ("when am i free", "a free hour friday").
  constexpr std::array<std::string_view, 16> available = {
      "i",   "im", "am",   "are", "is",   "be",       "were",   "was",
      "you", "we", "when", "any", "have", "everyone", "anyone", "a"};
  constexpr std::array<std::string_view, 12> free_for = {"time",  "hour",    "hours", "slot",
                                                         "slots", "day",     "to",    "for",
                                                         "from",  "between", "after", "before"};
  const bool free_trial = hit.cue->phrase == "free" && at > 0 &&
                          !in(tokens[at - 1].word, available) && next < tokens.size() &&
                          !in_span(tokens[next], when) && !in(tokens[next].word, free_for);
  // "i'm taking a nap", "taking the car in": what the speaker is doing; "would you mind taking
  // the butter off" asks.
  constexpr std::array<std::string_view, 6> being = {"im", "am", "is", "are", "were", "was"};
  const bool doing_it = hit.cue->phrase == "taking" && at > 0 && in(tokens[at - 1].word, being);
  // "take a nap", "take an early lunch": something done, nothing taken off.
  const bool takes_a_thing = hit.cue->phrase == "take" && next < tokens.size() &&
                             (tokens[next].word == "a" || tokens[next].word == "an");
  // "books to read", "things to watch": what the items are for; "i want you to read it" asks.
  const bool to_be_read = hit.cue->phrase == "read" && at >= 2 && tokens[at - 1].word == "to" &&
                          tokens[at - 2].word != "you";
  // "the school nativity play", "i see siobhan on wednesdays", "time to help freddie move":
  // things and plans, nothing asked of the assistant.
  constexpr std::array<std::string_view, 9> asking_to = {"you",  "please", "to",   "and", "me",
                                                         "just", "now",    "lets", "can"};
  const bool a_play = hit.cue->phrase == "play" && at > 0 && !in(tokens[at - 1].word, asking_to);
  const bool seen = hit.cue->phrase == "see" && at == 1 && tokens[0].word == "i";
  // "take the bins out": a chore, nothing taken off ("take it out of the list" is).
  // "take my pills at nine": taken, not taken off (nothing said it comes off or out of a list).
  constexpr std::array<std::string_view, 4> pointing = {"it", "that", "this", "them"};
  constexpr std::array<std::string_view, 5> away = {"off", "from", "away", "down", "out"};
  const auto taken_away = [&] {
    for (std::size_t k = next; k < tokens.size(); ++k) {
      const bool out_of = k + 1 < tokens.size() && tokens[k + 1].word == "of";
      if (in(tokens[k].word, away) && (tokens[k].word != "out" || out_of)) return true;
    }
    return false;
  };
  const bool taken_out = hit.cue->phrase == "take" && next < tokens.size() &&
                         !in(tokens[next].word, pointing) && !taken_away();
  // "block two hours to do my tax return": the verb, no to-do list.
  constexpr std::array<std::string_view, 9> owned = {"my",  "the", "a",   "an",   "some",
                                                     "his", "her", "our", "their"};
  const bool doing_something =
      hit.cue->phrase == "to do" && next < tokens.size() && in(tokens[next].word, owned);
  // "there's a fireworks display on the fifth": a show to go to.
  constexpr std::array<std::string_view, 4> before_a_show = {"a", "an", "the", "fireworks"};
  const bool a_show = (hit.cue->phrase == "display" || hit.cue->phrase == "show") && at > 0 &&
                      in(tokens[at - 1].word, before_a_show);
  // "a viewing with the agent paulo": someone's agent, by name.
  const bool named_agent = hit.cue->phrase == "agent" && next < tokens.size() &&
                           !detail::is_common_word(tokens[next].word) &&
                           detail::may_be_name(tokens[next].word);
  const bool helping = hit.cue->phrase == "help" && at >= 2 && tokens[at - 1].word == "to" &&
                       tokens[at - 2].word != "you";
  return visits(tokens, at, hit.cue->phrase, next) || takes_a_thing || free_trial || doing_it ||
         to_be_read || a_play || a_show || seen || helping || named_agent || doing_something ||
         taken_out ||
         (hit.cue->phrase == "help" && next < tokens.size() && in(tokens[next].word, helped));
}

// "... into my calendar", "... onto the shopping list": somewhere things are written, from k on.
// "i'm awake now turn the alarm off": "turn" says what it does with its particle, later.
bool turned_off(const std::vector<Token>& tokens, std::size_t at, const IndexedCue& hit) {
  if (hit.cue->phrase != "turn" && hit.cue->phrase != "switch") return false;
  const auto last = std::min(tokens.size(), at + 5);
  return std::any_of(tokens.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                     tokens.begin() + static_cast<std::ptrdiff_t>(last),
                     [](const Token& t) { return t.word == "off"; });
}

bool put_into(const std::vector<Token>& tokens, std::size_t k) {
  constexpr std::array<std::string_view, 6> written = {"calendar", "calender", "diary",
                                                       "list",     "agenda",   "schedule"};
  for (; k + 2 < tokens.size(); ++k) {
    const bool into = tokens[k].word == "into" || tokens[k].word == "onto";
    const bool owner = tokens[k + 1].word == "my" || tokens[k + 1].word == "the";
    if (into && owner &&
        (in(tokens[k + 2].word, written) ||
         (k + 3 < tokens.size() && in(tokens[k + 3].word, written)))) {
      return true;
    }
  }
  return false;
}

// Where things go, and with whom, from the words around "list", "to my" and "with". Answers
// whether the list is named before what goes on it ("shopping list eggs").
bool note_places(const std::vector<Token>& tokens, const std::optional<time::TimeExpression>& when,
                 Scored& out) {
  constexpr std::array<std::string_view, 8> spans = {"minute", "minutes", "hour", "hours",
                                                     "day",    "days",    "week", "weeks"};
  constexpr std::array<std::string_view, 2> toward = {"for", "onto"};
  // "on my habits list", "from the wish list", "off", "in": where the item is or goes.
  constexpr std::array<std::string_view, 4> at_list = {"on", "from", "off", "in"};
  constexpr std::array<std::string_view, 1> to = {"to"};
  constexpr std::array<std::string_view, 4> on_or_in = {"on", "in", "into", "onto"};
  constexpr std::array<std::string_view, 5> written_in = {"list", "calendar", "calender", "diary",
                                                          "cal"};
  constexpr std::array<std::string_view, 24> function_words = {
      "for",  "on",   "in",  "at",   "to", "of", "with", "is",  "are", "and", "from", "by",
      "that", "this", "has", "have", "i",  "we", "my",   "the", "a",   "an",  "so",   "but"};
  bool item_after_list = false;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string& word = tokens[k].word;
    if (k > 0) {
      const std::string& previous = tokens[k - 1].word;
      // "an hour before", but not "how many minutes before the alarm"
      constexpr std::array<std::string_view, 3> asking = {"how", "what", "when"};
      if (word == "before" && in(previous, spans) && !in(tokens[0].word, asking)) {
        out.lead_time_said = true;
      }
      // "for the shopping list", "to my list"; "my to do list" names no place.
      if (word == "list" && (shortly_after(tokens, k, toward) ||
                             (shortly_after(tokens, k, to) && previous != "do"))) {
        out.list_destination = true;
      }
      if (word == "list" && shortly_after(tokens, k, at_list)) out.list_place = true;
      if (in(word, written_in) && shortly_after(tokens, k, on_or_in)) out.item_placed = true;
    }
    if (k + 1 == tokens.size()) break;
    const std::string& next = tokens[k + 1].word;
    // "add the farmers market to my saturday morning", "clear my friday afternoon"
    constexpr std::array<std::string_view, 5> toward_day = {"to", "into", "onto", "clear", "free"};
    if (in(word, toward_day) && k + 2 < tokens.size() && next == "my" &&
        in_span(tokens[k + 2], when)) {
      out.day_destination = true;
    }
    if (word == "with" && detail::may_be_name(next) && !detail::is_common_word(next)) {
      out.in_company = true;
    }
    const bool cue_next = std::any_of(out.hits.begin(), out.hits.end(),
                                      [&](const Match& m) { return m.at == k + 1; });
    // "shopping list eggs", "calendar dentist next wednesday": a thing written after the list's
    // or the calendar's name goes in it ("calendar meetings tomorrow", "list for friday" ask).
    const bool thing_next = std::any_of(out.hits.begin(), out.hits.end(), [&](const Match& m) {
      return m.at == k + 1 && names_a_thing(m.cue->w);
    });
    constexpr std::array<std::string_view, 3> calendars = {"calendar", "calender", "diary"};
    const bool calendar_named = in(word, calendars) && !next.ends_with("s");
    if ((word == "list" || calendar_named) && !in_span(tokens[k + 1], when) &&
        !in(next, function_words) && (!cue_next || thing_next)) {
      item_after_list = true;
    }
  }
  return item_after_list;
}

Scored score_cues(std::string_view text, const std::vector<Token>& tokens,
                  const std::optional<time::TimeExpression>& when) {
  constexpr std::array<std::string_view, 8> objects_after_verb = {"it", "that", "this", "them",
                                                                  "a",  "an",   "the",  "in"};
  constexpr std::array<std::string_view, 8> transparent = {"a",  "an",   "the", "my",
                                                           "me", "some", "i",   "we"};
  constexpr float kContentVerb = 0.4F, kContentCompletion = 0.7F, kContentObject = 0.3F;
  Scored out;
  const auto& index = cue_index();
  bool command = true;
  std::size_t wish_after_question = 0;  // where a wish began after a question; 0 for none
  // The question asked before `request` only led up to it: it weighs less and names nothing.
  const auto question_led_up = [&](std::size_t request) {
    out.weights.list *= kContentVerb;
    out.request_from = request;
    out.question = false;
  };
  Action first_verb = Action::none;
  const Cue* make = nullptr;    // "make" as the command verb, until what it makes is known
  bool reminder_asked = false;  // "remind me", "wake me": the command already says what to make
  bool object_declared = false;
  std::size_t declared_end = 0;  // the token after the cue that named the object
  bool reminder_named = false;   // "set a reminder ...": the object named is a reminder
  bool thing_said = false;
  // The longest cue starting at token k, if any.
  const auto cue_at = [&](std::size_t k) -> const IndexedCue* {
    if (k >= tokens.size()) return nullptr;
    const auto found = index.find(tokens[k].word);
    if (found == index.end()) return nullptr;
    for (const auto& entry : found->second) {
      if (matches(tokens, k, entry.words)) return &entry;
    }
    return nullptr;
  };
  const std::size_t label_end = content_after_label(text, tokens);
  bool past_label = false;
  const auto quotes = quoted_ranges(text);
  const auto quoted = [&](std::size_t k) {
    return std::any_of(quotes.begin(), quotes.end(), [&](const auto& range) {
      return tokens[k].begin >= range.first && tokens[k].end <= range.second;
    });
  };
  std::size_t i = 0;
  while (i < tokens.size()) {
    if (label_end > 0 && i >= label_end && !past_label) command = false, past_label = true;
    const IndexedCue* hit = quoted(i) ? nullptr : cue_at(i);
    if (hit != nullptr && no_cue_here(tokens, i, *hit, when)) hit = nullptr;
    if (hit == nullptr) {
      // A time said first ("on friday remind me ...") and a name the assistant is called by
      // ("jarvis, add ...": an unknown first word right before a cue) keep the command part.
      // "hey siri, make ...": also after a greeting.
      bool vocative = false;
      const bool greeted = i == 1 && before_vocative(tokens[0].word);
      if ((i == 0 || greeted) && i + 1 < tokens.size() && !in_span(tokens[i], when)) {
        if (const auto next = index.find(tokens[i + 1].word); next != index.end()) {
          for (const auto& entry : next->second) {
            if (!matches(tokens, i + 1, entry.words)) continue;
            const Action a = dominant_action(entry.cue->w);
            // "olly make ...", "max add ..."; after a greeting, any cue: "hey google how does ..."
            vocative = greeted || (a != Action::none && a != Action::list);
            break;
          }
        }
      }
      // ... and so does a time before any verb or thing ("turn the seven am alarm off").
      const bool leading_time =
          first_verb == Action::none && !thing_said && in_span(tokens[i], when);
      if (!in(tokens[i].word, transparent) && !leading_time && !vocative) {
        command = false;
      }
      out.vocative = out.vocative || vocative;
      ++i;
      continue;
    }
    // "what's on tuesday, i want to cancel it": after a question, a wish starts a command.
    constexpr std::array<std::string_view, 6> wishes = {
        "i want to", "i need to", "i would like to", "id like to", "i wanna", "i want you to"};
    if (!command && !out.command_verb && in(hit->cue->phrase, wishes)) {
      command = true;
      if (out.question) wish_after_question = i;
    }
    Weights w = hit->cue->w;
    const std::size_t after_hit = i + hit->words.size();
    constexpr std::array<std::string_view, 7> tellers = {
        "let me know", "lemme know", "tell me", "notify me", "inform me", "message me", "text me"};
    if (in(hit->cue->phrase, tellers) && told_later(tokens, after_hit, when)) {
      w = Weights{.create = 3, .reminder = 3};
    }
    if (hit->cue->phrase == "when" && subordinate_when(tokens, i)) w = Weights{};
    if (hit->cue->phrase == "remind me when" && subordinate_when(tokens, after_hit - 1)) {
      w = Weights{.create = 3, .reminder = 3};
    }
    // "remind me again what time parents evening is": asks to be told now.
    if (hit->cue->phrase == "remind me" && asks_now(tokens, after_hit)) w = Weights{.list = 2};
    // "can you make that a task for her": something new is made of it.
    const bool made_of_it = (hit->cue->phrase == "make that" || hit->cue->phrase == "make it") &&
                            after_hit + 1 < tokens.size() &&
                            (tokens[after_hit].word == "a" || tokens[after_hit].word == "an") &&
                            in(tokens[after_hit + 1].word, kThingsMade);
    if (made_of_it) w = Weights{.create = 2};
    // "make sure my calendar is completely clear tomorrow": an empty day is asked for.
    if (hit->cue->phrase == "make" && after_hit < tokens.size() &&
        tokens[after_hit].word == "sure" && left_empty(tokens, after_hit + 1)) {
      w = Weights{.remove = 3};
    }
    // "friday schedule", "tomorrow's schedule": the day's plan, asked for.
    const bool schedule_what =
        after_hit < tokens.size() && in(tokens[after_hit].word, objects_after_verb);
    const bool schedule_alone = i == 0 && after_hit == tokens.size();  // the noun: "schedule"
    if (hit->cue->phrase == "schedule" &&
        (schedule_alone || (i > 0 && in_span(tokens[i - 1], when) && !schedule_what))) {
      w = Weights{.list = 2, .event = 2.5F};
    }
    // "rent is due first of every month": a date told, with no word of change, is one to keep
    // ("which of my todos are due", "any tasks due" ask).
    const bool told_due =
        (hit->cue->phrase == "due" || hit->cue->phrase == "is due") && out.hits.empty() &&
        !out.question && when &&
        std::none_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.word == "now"; });
    if (told_due) w = Weights{.create = 1.5F, .reminder = 2};
    // "drop the netflix party into my calendar": dropped into a place, it is added there.
    constexpr std::array<std::string_view, 3> dropped = {"drop", "throw", "toss"};
    if (in(hit->cue->phrase, dropped) && put_into(tokens, after_hit)) {
      w = Weights{.create = 2.5F};
    }
    // "update my calendar with the new time for the dentist": a change after all.
    const bool news_of_change = after_hit + 1 < tokens.size() && tokens[after_hit].word == "the" &&
                                tokens[after_hit + 1].word == "new";
    if (hit->cue->phrase.starts_with("update ") && hit->cue->w.create > 0 && news_of_change) {
      w = Weights{.update = 2.5F};
    }
    // "assign kofi a task to set up staging": a new task, with its assignee.
    const auto new_thing_at = [&](std::size_t k) {
      return k + 1 < tokens.size() && (tokens[k].word == "a" || tokens[k].word == "an") &&
             in(tokens[k + 1].word, kThingsMade);
    };
    if (hit->cue->phrase == "assign" && (new_thing_at(after_hit) || new_thing_at(after_hit + 1))) {
      w = Weights{.create = 2, .todo = 1};
    }
    // "... so cancel the wake up" names what to cancel; "... please remind me" asks.
    const bool addressed = hit->cue->phrase.ends_with(" me");
    const bool asked_last = !command && !out.question && (addressed || !out.command_verb) &&
                            w.reminder >= 3 && w.create >= 2 && said_last(tokens, after_hit);
    out.reminder_last = out.reminder_last || asked_last;
    // "the book club isn't happening so delete it", "dentist at 3 on friday, add that", "we're
    // out of paint so take it off the list": a verb on a word pointing back, or opening a new
    // clause, starts the command anew, when nothing before asked anything.
    constexpr std::array<std::string_view, 5> pointers = {"that", "it", "this", "them", "one"};
    std::size_t pointer = after_hit;
    if (pointer + 1 < tokens.size() && tokens[pointer].word == "of") ++pointer;  // "a note of it"
    // "i need a slot with hiroshi. make it thursday 3pm": "it" is the thing just asked for.
    const bool asked_for =
        std::any_of(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(i),
                    [](const Token& t) { return t.word == "a" || t.word == "an"; });
    const bool shapes_new = hit->cue->phrase.starts_with("make") && asked_for;
    const bool points_back = pointer < tokens.size() && in(tokens[pointer].word, pointers);
    // "..., no meetings" names what is not wanted; it asks for nothing anew.
    const bool negated =
        hit->cue->phrase.starts_with("no ") || hit->cue->phrase.starts_with("not ");
    // "if i'm free thursday pencil in drinks": the request after the condition.
    const bool after_if_clause = tokens[0].word == "if" && i > 2 && !out.command_verb;
    const bool anew =
        !past_label && !shapes_new &&
        ((clause_starts(text, tokens, i) && !negated) || (points_back && !out.command_verb) ||
         hit->cue->phrase.starts_with("so ") || after_if_clause);
    // "am i busy friday, if not book the plumber", "... then remind me", "... but put it in
    // anyway", "how's it going, could you set ...": a request that comes after what was asked.
    constexpr std::array<std::string_view, 4> turns = {"otherwise", "then", "but", "you"};
    const bool conditional =
        (i >= 2 && (in(tokens[i - 1].word, turns) ||
                    (tokens[i - 2].word == "if" &&
                     (tokens[i - 1].word == "not" || tokens[i - 1].word == "so")))) ||
        after_if_clause;
    if (!command && anew && (!out.question || conditional)) {
      const Action a = turned_off(tokens, i, *hit) ? Action::remove : dominant_action(w);
      if (a != Action::none && a != Action::list) {
        command = true;
        first_verb = Action::none;
        out.statement_noted = out.statement_noted || points_back;
        // "is there an alarm at six, if so get rid of it": the question only leads up to it.
        if (out.question && conditional) question_led_up(i);
        // "i already did the grocery pickup so kill that reminder": what came before "so" is
        // the reason, the request follows.
        const bool so = tokens[i].word == "so" || tokens[i - 1].word == "so" ||
                        (i >= 2 && tokens[i - 2].word == "so") ||
                        (i >= 3 && tokens[i - 3].word == "so" && tokens[i - 2].word == "you");
        // ... and when it names its own thing, the reason's words are no part of its title.
        if ((so || ends_on_now(tokens, i)) && !points_back) out.request_from = i;
        if (so) {
          for (float* done : {&out.weights.create, &out.weights.update, &out.weights.complete,
                              &out.weights.remove}) {
            *done *= kContentVerb;
          }
        }
      }
    }
    // "note down that the boiler service is on the 17th", "make a note of it": a statement
    // written down.
    constexpr std::array<std::string_view, 5> notes = {"note", "make a note", "jot down",
                                                       "write down", "put a note"};
    if (command && in(hit->cue->phrase, notes)) {
      std::size_t next = after_hit;
      if (next < tokens.size() && tokens[next].word == "down") ++next;
      while (next < tokens.size() && in_span(tokens[next], when)) ++next;  // "on thursday that"
      out.statement_noted =
          out.statement_noted ||
          (next < tokens.size() && (tokens[next].word == "that" || tokens[next].word == "of"));
    }
    // "i need to cancel ...", "i have to move ...", "how can i remove ...": the verb after says
    // what to do; the words before it only lead up to it.
    constexpr std::array<std::string_view, 9> lead_ins = {"i need to", "i have to", "i must",
                                                          "i should",  "i gotta",   "i got to",
                                                          "need to",   "how can i", "how do i"};
    if (in(hit->cue->phrase, lead_ins)) {
      const IndexedCue* next = cue_at(i + hit->words.size());
      const Action then = next != nullptr ? dominant_action(next->cue->w) : Action::none;
      // Not before a weak question word: "i have to see the doctor" is a thing to do.
      const bool asks = then == Action::list && next->cue->w.list >= 1.5F;
      if (then == Action::update || then == Action::complete || then == Action::remove || asks) {
        w = Weights{};
      }
    }
    const Action own = dominant_action(w);
    thing_said = thing_said || w.todo + w.event + w.reminder > 0;
    // "next tuesday i'm going to ...": "next" inside the time asks nothing.
    const bool timed =
        std::all_of(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                    tokens.begin() + static_cast<std::ptrdiff_t>(i + hit->words.size()),
                    [&](const Token& t) { return in_span(t, when); });
    if (timed && own == Action::list && w.todo + w.event + w.reminder == 0) {
      i += hit->words.size();
      continue;
    }
    const bool verb = own != Action::none && own != Action::list;
    if (verb && command && first_verb != Action::none && own != first_verb) command = false;
    if (verb && command && first_verb == Action::none) {
      first_verb = own;
      // "make a task ...", "make an appointment ...": something new is made.
      const std::size_t next = i + hit->words.size();
      const bool something_new =
          next < tokens.size() &&
          (tokens[next].word == "a" || tokens[next].word == "an" || tokens[next].word == "new");
      // "set the deck task due friday" changes it, as "make" does.
      if ((hit->cue->phrase == "make" || hit->cue->phrase == "set") && !something_new) {
        make = hit->cue;
      }
      reminder_asked = w.reminder >= 3;
    }
    if (verb && command) out.command_verb = true;
    if (verb) out.any_verb = true;
    const float strongest = std::max({w.create, w.update, w.complete, w.remove});
    if (strongest >= 1.0F) out.action_word = true;  // "alarms" (create 0.5) is a noun
    // "make the interview 30 minutes longer", "make the report due friday": a new state after
    // "make" is the change asked for, and "make" creates nothing.
    // "set" changes only a due date this way ("set the oil change task to done" completes).
    const bool made_change = !command && own == Action::update && make != nullptr &&
                             (make->phrase == "make" || hit->cue->phrase.starts_with("due"));
    if (made_change) {
      out.weights.create -= make->w.create;
      make = nullptr;
    }
    // "create a task to schedule a meeting", "cancel the meeting about the todo list": the thing
    // named right after the command verb is what is meant; things named later are content.
    const bool object_only = names_a_thing(w);
    out.todo_named = out.todo_named || (object_only && w.todo >= 1);  // not "at work"
    const float object = w.todo + w.event + w.reminder;
    if (command && first_verb != Action::none && !object_declared &&
        object >= (object_only ? 1.0F : 1.5F)) {
      if (object_only && object >= 1.5F) {
        w.todo *= 2;
        w.event *= 2;
        w.reminder *= 2;
      }
      object_declared = true;
      declared_end = i + hit->words.size();
      reminder_named = w.reminder >= 3;  // "i want a reminder to ..."
    }
    // "remind me at 10 to reschedule the physio", "schedule a sync to go over the task list":
    // once the command named what to make, the things in its content are no other object
    // (but "... from my saturday schedule" names where it is), and a reminder's content asks
    // nothing ("a reminder to check if the shop is open").
    // "clear the party supplies list": a word right after the object is still its name.
    const bool same_name = object_declared && i <= declared_end + 1;
    const bool declared = past_label || (object_declared && !container(tokens, i) && !same_name);
    if (!command && (reminder_asked || declared)) {
      w.todo *= kContentObject;
      w.event *= kContentObject;
    }
    // ... but "my alarm is set for what time" asks, last.
    const bool asked_after =
        hit->cue->phrase.starts_with("for what") && said_last(tokens, after_hit);
    if (!command && (reminder_asked || reminder_named) && !asked_after) w.list *= kContentObject;
    // "the football match on sunday was called off": a cancellation told as news (but "was the
    // match called off" asks).
    constexpr std::array<std::string_view, 5> passive = {"was", "is", "been", "got", "be"};
    const bool told_off = own == Action::remove && i > 0 && in(tokens[i - 1].word, passive) &&
                          !in(tokens[0].word, passive) && tokens[0].word != "has";
    if (!command && !made_change && !told_off) {
      w.create *= kContentVerb;
      w.update *= kContentVerb;
      w.remove *= kContentVerb;
      // "remove the reminder about the insurance, i already paid it": the reason for a removal.
      w.complete *= first_verb == Action::remove ? kContentVerb : kContentCompletion;
    }
    // "what do i have tomorrow i need to cancel": the question leads up to the request.
    // ("what time is my meeting, i need to leave early": the speaker's own plan, no request).
    const bool acts_on_it =
        own == Action::remove || own == Action::update || own == Action::complete;
    if (wish_after_question > 0 && acts_on_it) {
      question_led_up(wish_after_question);
      wish_after_question = 0;
    }
    add(out.weights, w);
    out.hits.push_back({i, hit->words.size(), hit->cue, command || asked_last, own});
    if (own == Action::list && w.list >= 1.5F) {
      command = false;  // what follows a question is asked about
      out.question = true;
    }
    i += hit->words.size();
  }
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const auto& w = tokens[k].word;
    const bool number = !w.empty() && std::isdigit(static_cast<unsigned char>(w[0])) != 0;
    const bool after_at = k > 0 && tokens[k - 1].word == "at" && (number || in(w, kClockNumbers));
    out.clock_said = out.clock_said || w == "pm" || w == "am" || w == "oclock" || after_at ||
                     (number && (w.ends_with("pm") || w.ends_with("am")));
  }
  // "do i have an alarm set", "is my alarm on", "did you add the meeting": a yes/no question.
  constexpr std::array<std::string_view, 10> auxiliaries = {"is",  "are",  "am",  "do",  "does",
                                                            "did", "have", "has", "was", "were"};
  constexpr std::array<std::string_view, 11> openers = {"um",   "uh",   "so", "hey", "please", "ok",
                                                        "okay", "wait", "oh", "hmm", "and"};
  auto first = std::find_if(tokens.begin(), tokens.end(),
                            [&](const Token& t) { return !in(t.word, openers); });
  // "ollie is my alarm still set": the assistant's name, then the question.
  // "noah is sick so no school alarm tomorrow" tells, and then asks for something.
  const bool tells_why =
      std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.word == "so"; });
  if (first != tokens.end() && first + 1 != tokens.end() && detail::may_be_name(first->word) &&
      !detail::is_common_word(first->word) && in((first + 1)->word, auxiliaries) &&
      !contracted(text, *(first + 1)) && !tells_why) {
    ++first;
  }
  // "will my alarm ring on the holiday" asks; "will you remind me" requests.
  const bool will_ask = first != tokens.end() && first->word == "will" &&
                        first + 1 != tokens.end() && (first + 1)->word != "you";
  constexpr std::array<std::string_view, 11> subjects = {
      "i", "you", "we", "they", "he", "she", "it", "my", "anyone", "anybody", "someone"};
  // "we're having a baby shower" is a statement, "were there any meetings" a question.
  // "is it possible to get a reminder at six": a request asked as a question, whose opening
  // words weigh nothing.
  const auto asks_nothing = [](const Match& m) {
    const Weights& w = m.cue->w;
    return m.length >= 4 && no_action(w);
  };
  const bool polite =
      !out.hits.empty() && out.hits.front().at == 0 && asks_nothing(out.hits.front());
  if (first != tokens.end() && (in(first->word, auxiliaries) || will_ask) &&
      !contracted(text, *first) && !polite) {
    const bool be = first->word == "is" || first->word == "are" || first->word == "am" ||
                    first->word == "was" || first->word == "were";
    const auto next = first + 1;
    // "did the meeting get moved", "did camille set up the 4pm": a determiner or a name also
    // begins the question's subject.
    const bool subject =
        next != tokens.end() &&
        (in(next->word, subjects) || next->word == "the" || next->word == "our" ||
         detail::is_proper_noun(next->word) || !detail::is_common_word(next->word));
    if ((be || subject) && out.request_from == 0) out.weights.list += 2;
    // "is jonas on the backend team": who is in it.
    const bool team_said = std::any_of(
        next, tokens.end(), [](const Token& t) { return t.word == "team" || t.word == "teams"; });
    if (be && team_said && next + 1 < tokens.end() && !in(next->word, subjects) &&
        ((next + 1)->word == "on" || (next + 1)->word == "in")) {
      out.weights.members += 3;
    }
  }
  // "finally fixed the leaking tap", "ok rotated the api keys", "anders renewed the cert": a
  // statement that begins with a past-tense verb no cue knows reports something done, unless
  // the verb tells of a change of time ("priya moved the standup to 3").
  constexpr std::array<std::string_view, 9> lead = {"i",  "ive",  "just", "finally", "already",
                                                    "ok", "okay", "so",   "we"};
  // ... nor one that binds to something to come ("i promised kenji i'd help him move").
  // ... nor one that tells what was thought or asked ("i just remembered we need bulbs").
  constexpr std::array<std::string_view, 21> timing = {
      "moved",       "rescheduled", "postponed",  "delayed",  "shifted",   "changed",   "planned",
      "scheduled",   "promised",    "agreed",     "arranged", "invited",   "organised", "organized",
      "volunteered", "signed",      "remembered", "asked",    "mentioned", "suggested", "reminded"};
  std::size_t k = 0;
  while (k < tokens.size() && in(tokens[k].word, lead)) ++k;
  if (k == 0 && tokens.size() > 2 && detail::may_be_name(tokens[0].word)) ++k;
  const bool cue_there =
      std::any_of(out.hits.begin(), out.hits.end(), [&](const Match& m) { return m.at == k; });
  out.reported_done = k < tokens.size() && !cue_there && !out.question &&
                      tokens[k].word.size() >= 5 && tokens[k].word.ends_with("ed") &&
                      !in(tokens[k].word, timing) && !in_span(tokens[k], when);
  out.day_marked = day_marked(tokens, when);
  out.day_added = day_added(tokens, out.hits, when);
  out.delegated = delegated_at(tokens) < tokens.size();
  // "what do i have to do on monday", "what was i supposed to do on wednesday": a coming day's
  // plan, the calendar ("what do i still have to do today" asks for the open tasks).
  if (day_duties_asked(tokens, when)) {
    out.weights.event += 2;
    out.weights.todo = std::max(0.0F, out.weights.todo - 1);
  }
  // "task: call the bank" asks for a task to be made, though no verb said so.
  if (label_end > 0 && first_verb == Action::none) out.weights.create += 2;
  // "first meeting tomorrow?", "any todos w/o a due date?": typed as a question; but "can we
  // bump the call to 3?" asks for something to be done.
  constexpr std::array<std::string_view, 7> requests = {"can",    "could", "would", "will",
                                                        "please", "pls",   "plz"};
  const auto last_mark = text.find_last_not_of(" \t\r\n");
  const bool request = first != tokens.end() && in(first->word, requests);
  if (last_mark != std::string_view::npos && text[last_mark] == '?' && !out.command_verb &&
      !request) {
    out.weights.list += 2;
    out.question = true;
  }
  // "the lunch with mateo is at 1 now": a time said to be the new one.
  if (tokens.size() >= 4 && tokens.back().word == "now" &&
      in_span(tokens[tokens.size() - 2], when)) {
    std::size_t k = tokens.size() - 2;
    while (k > 0 && in_span(tokens[k - 1], when)) --k;
    if (k > 0 && (tokens[k - 1].word == "is" || tokens[k - 1].word == "are")) {
      out.weights.update += 2.5F;
    }
  }
  // "nothing on sunday right", "i don't have any appointments tomorrow do i": a statement
  // with a question tag asks.
  if (question_tagged(tokens)) {
    out.weights.list += 2;
    out.question = true;
  }
  if (called_off(tokens, out.hits)) out.weights.remove += 3;
  // "list for kai's party", "list for the camping trip tent torch": a list for an occasion is
  // one to make (but "list for today" asks what is on it).
  const bool list_for_occasion = tokens.size() > 2 && tokens[0].word == "list" &&
                                 tokens[1].word == "for" && !in_span(tokens[2], when);
  if (list_for_occasion && !out.command_verb) {
    out.weights.create += 2.5F;
    out.weights.todo += 1;
  }
  // "list my todos": a leading "list" is the verb ("list add oranges" names the list).
  if (!tokens.empty() && (tokens[0].word == "list" || tokens[0].word == "lists") &&
      (!out.command_verb || first_verb == Action::complete) && !list_for_occasion) {
    out.weights.list += 2.5F;
    // ... and, said of a day, names no todo list: "list everything i have on friday".
    const bool of_a_day = when && tokens[0].word == "list" && tokens.size() > 1 &&
                          tokens[1].word != "of" && tokens[1].word != "please";
    // ... nor does "list all my meetings": the verb, and the calendar's things named.
    constexpr std::array<std::string_view, 7> calendar_things = {
        "meetings", "events", "appointments", "calls", "alarms", "reminders", "calendar"};
    const bool calendar_named = std::any_of(tokens.begin() + 1, tokens.end(), [&](const Token& t) {
      return in(t.word, calendar_things);
    });
    if (of_a_day || calendar_named) out.weights.todo = std::max(0.0F, out.weights.todo - 2.0F);
  }
  constexpr std::array<std::string_view, 18> collections = {
      "calendar", "calender", "schedule",     "agenda",    "diary", "events",
      "cal",      "meetings", "appointments", "todos",     "tasks", "dos",
      "list",     "lists",    "alarms",       "reminders", "items", "chores"};
  // ... said first, with no word that asks or does anything before it.
  const bool item_first =
      !tokens.empty() && !in_span(tokens[0], when) && !in(tokens[0].word, collections) &&
      std::none_of(out.hits.begin(), out.hits.end(), [](const Match& m) {
        const Weights& w = m.cue->w;
        const bool thing_only =
            no_action(w) && w.human + w.help + w.chat == 0 && w.todo + w.event > 0;
        return m.at == 0 && !thing_only;  // "wedding june twentieth on calendar"
      });
  // "tomorrow", "rest of the week", "hey alexa what's today": a time alone asks what is on.
  constexpr std::array<std::string_view, 19> around_a_time = {
      "um",   "uh",    "so",   "and",   "ok",   "okay", "please", "hey", "hi",   "whats",
      "what", "about", "then", "alexa", "olly", "siri", "google", "my",  "plans"};
  const bool time_alone = when && std::all_of(tokens.begin(), tokens.end(), [&](const Token& t) {
                            return in_span(t, when) || in(t.word, around_a_time);
                          });
  if (time_alone) {
    out.weights.list += 2;
    out.weights.event += 1;
  }
  // "alarm tomorrow", "alarms friday": the alarms of a day asked for ("alarm six am" sets one).
  const bool alarms_of_a_day = when && !when->time_given && tokens.size() <= 4 &&
                               std::all_of(tokens.begin(), tokens.end(), [&](const Token& t) {
                                 return in_span(t, when) || in(t.word, around_a_time) ||
                                        t.word == "alarm" || t.word == "alarms";
                               });
  if (alarms_of_a_day && !time_alone) out.weights.list += 3;
  // "lucas meeting time", "wedding date for jess", "dentist when": a short phrase asking when.
  constexpr std::array<std::string_view, 3> asked_last = {"time", "date", "when"};
  const bool when_asked =
      !out.command_verb && tokens.size() <= 6 &&
      std::any_of(tokens.end() - std::min<std::ptrdiff_t>(3, tokens.size()), tokens.end(),
                  [&](const Token& t) { return in(t.word, asked_last) && !in_span(t, when); });
  if (when_asked) {
    out.weights.list += 2;
    out.weights.event += 0.5F;
  }
  const bool item_after_list = note_places(tokens, when, out);
  out.item_placed = ((out.item_placed && item_first) || item_after_list) && !out.question;
  // "calendar event with ...": a single thing named beside the collection is what is meant.
  constexpr std::array<std::string_view, 9> single = {
      "event", "meeting", "appointment", "reminder", "alarm", "todo", "task", "item", "entry"};
  out.collection_said = std::any_of(tokens.begin(), tokens.end(),
                                    [&](const Token& t) { return in(t.word, collections); }) &&
                        std::none_of(tokens.begin(), tokens.end(),
                                     [&](const Token& t) { return in(t.word, single); });
  return out;
}

// Command words leave the title. A verb that names another action than the one chosen stays:
// in "add a task to finish the report", "finish" is part of the thing to do.
void strip_commands(std::vector<Token>& tokens, const std::vector<Match>& hits,
                    std::string_view intent) {
  const Action chosen = action_of(intent);
  for (const auto& hit : hits) {
    if (!hit.cue->strip) continue;
    const Action own = hit.action;
    if (own == Action::list && chosen != Action::list) continue;  // "to check the oven"
    const bool verb = own != Action::none && own != Action::list;
    // In the command part a create verb goes too ("add ... as done"); after it, only a verb of
    // the chosen action ("mark buy milk as done"), never a create verb ("to book flights").
    // A change may start with any verb: "mark the report as urgent", "set ... to high".
    const bool cut = hit.command ? (own == chosen || own == Action::create ||
                                    (chosen == Action::update && own == Action::complete))
                                 : (own == chosen && own != Action::create);
    if (verb && !cut) continue;
    for (std::size_t k = hit.at; k < hit.at + hit.length; ++k) tokens[k].removed = true;
  }
}

// ---- Word classes -------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kDeterminers = {
    "the", "my", "our", "a", "an", "your", "his", "her", "their", "this", "that", "its"};

// Words that end a name or a place: prepositions, time words, conjunctions.
constexpr std::array<std::string_view, 44> kStops = {
    "about", "at",   "on",        "for",    "to",     "in",     "tomorrow", "today", "tonight",
    "next",  "this", "regarding", "re",     "and",    "from",   "by",       "every", "until",
    "till",  "at",   "please",    "around", "after",  "before", "is",       "are",   "was",
    "the",   "a",    "an",        "my",     "when",   "then",   "so",       "that",  "who",
    "which", "it",   "or",        "but",    "during", "over",   "of",       "with"};

// Words that are no one's name: people by their role, pronouns, particles, chat words and
// contractions typed without the apostrophe, day abbreviations and holidays (the word list lacks
// some of them or knows them with a capital).
constexpr std::array<std::string_view, 121> kNotNames = {"ooo",
                                                         "me",
                                                         "us",
                                                         "them",
                                                         "him",
                                                         "her",
                                                         "it",
                                                         "everyone",
                                                         "everybody",
                                                         "someone",
                                                         "nobody",
                                                         "people",
                                                         "you",
                                                         "all",
                                                         "friends",
                                                         "family",
                                                         "colleagues",
                                                         "boss",
                                                         "team",
                                                         "mom",
                                                         "dad",
                                                         "client",
                                                         "clients",
                                                         "these",
                                                         "those",
                                                         "only",
                                                         "friend",
                                                         "colleague",
                                                         "coworker",
                                                         "wife",
                                                         "husband",
                                                         "brother",
                                                         "sister",
                                                         "mother",
                                                         "father",
                                                         "son",
                                                         "daughter",
                                                         "partner",
                                                         "kids",
                                                         "doctor",
                                                         "dentist",
                                                         "bank",
                                                         "manager",
                                                         "off",
                                                         "up",
                                                         "back",
                                                         "out",
                                                         "dont",
                                                         "im",
                                                         "isnt",
                                                         "wont",
                                                         "cant",
                                                         "didnt",
                                                         "doesnt",
                                                         "ive",
                                                         "id",
                                                         "ill",
                                                         "youre",
                                                         "theyre",
                                                         "thats",
                                                         "lets",
                                                         "tmrw",
                                                         "tmr",
                                                         "tmw",
                                                         "eod",
                                                         "eow",
                                                         "asap",
                                                         "pls",
                                                         "plz",
                                                         "thx",
                                                         "u",
                                                         "ur",
                                                         "w",
                                                         "mins",
                                                         "hrs",
                                                         "wk",
                                                         "ok",
                                                         "okay",
                                                         "hi",
                                                         "hey",
                                                         "yo",
                                                         "btw",
                                                         "fyi",
                                                         "he",
                                                         "she",
                                                         "they",
                                                         "we",
                                                         "hes",
                                                         "shes",
                                                         "mon",
                                                         "tue",
                                                         "tues",
                                                         "wed",
                                                         "thu",
                                                         "thur",
                                                         "thurs",
                                                         "fri",
                                                         "sat",
                                                         "christmas",
                                                         "easter",
                                                         "thanksgiving",
                                                         "halloween",
                                                         "hanukkah",
                                                         "diwali",
                                                         "eid",
                                                         "ramadan",
                                                         "passover",
                                                         "valentines",
                                                         "valentine",
                                                         "january",
                                                         "february",
                                                         "march",
                                                         "april",
                                                         "may",
                                                         "june",
                                                         "july",
                                                         "august",
                                                         "september",
                                                         "october",
                                                         "november",
                                                         "december"};

constexpr std::array<std::string_view, 40> kTimeWords = {
    "noon",       "midnight",  "night",     "morning",   "afternoon",  "evening",  "tonight",
    "monday",     "tuesday",   "wednesday", "thursday",  "friday",     "saturday", "sunday",
    "weekend",    "week",      "month",     "year",      "am",         "pm",       "oclock",
    "o",          "half",      "quarter",   "lunchtime", "dawn",       "dusk",     "sunrise",
    "sunset",     "end",       "beginning", "breakfast", "dinnertime", "mondays",  "tuesdays",
    "wednesdays", "thursdays", "fridays",   "saturdays", "sundays"};

constexpr std::array<std::string_view, 12> kNotPlaces = {"calendar", "list",  "agenda", "schedule",
                                                         "todo",     "diary", "todos",  "all",
                                                         "least",    "most",  "once",   "time"};

bool is_number(std::string_view word) {
  return !word.empty() && std::isdigit(static_cast<unsigned char>(word[0])) != 0;
}

constexpr std::array<std::string_view, 20> kNumberWords = {
    "one",     "two",    "three",  "four",   "five",   "six",      "seven",
    "eight",   "nine",   "ten",    "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "twenty", "thirty", "forty",  "fifty",  "sixteen"};

bool in_span(const Token& token, const std::optional<time::TimeExpression>& when) {
  if (!when) return false;
  // Only the words of the time itself: in "friday remind me to call bob at 5", "call bob" is
  // between the two pieces but no part of the time.
  for (const auto& piece : when->pieces) {
    if (token.begin < piece.begin + piece.length && token.end > piece.begin) return true;
  }
  return when->pieces.empty() && token.begin < when->begin + when->length &&
         token.end > when->begin;
}

// Slot values go into JSON, which must be valid UTF-8: bad bytes become U+FFFD.
std::string valid_utf8(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    std::size_t length = c < 0x80           ? 1
                         : (c >> 5) == 0x6  ? 2
                         : (c >> 4) == 0xE  ? 3
                         : (c >> 3) == 0x1E ? 4
                                            : 0;
    bool ok = length != 0 && i + length <= in.size();
    for (std::size_t k = 1; ok && k < length; ++k) {
      ok = (static_cast<unsigned char>(in[i + k]) & 0xC0) == 0x80;
    }
    if (ok && length > 1) {  // no overlong forms, surrogates or code points past U+10FFFF
      const auto d = static_cast<unsigned char>(in[i + 1]);
      ok = !(length == 2 && c < 0xC2) && !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0) &&
           !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90) && c <= 0xF4;
    }
    if (ok) {
      out.append(in.substr(i, length));
      i += length;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::string original(std::string_view text, const Token& token) {
  return valid_utf8(text.substr(token.begin, token.end - token.begin));
}

std::string join(std::string_view text, const std::vector<Token>& tokens, std::size_t from,
                 std::size_t to) {
  std::string out;
  for (std::size_t k = from; k < to; ++k) {
    if (!out.empty()) out += ' ';
    out += original(text, tokens[k]);
  }
  return out;
}

// ---- Slots ----------------------------------------------------------------------------------

struct Context {
  std::string_view text;
  std::vector<Token>& tokens;
  const std::optional<time::TimeExpression>& when;
  json& slots;
};

bool stop_at(const Context& c, std::size_t k) {
  const auto& w = c.tokens[k].word;
  return in(w, kStops) || in_span(c.tokens[k], c.when) || in(w, kTimeWords) || is_number(w);
}

std::string lower_case(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

// ---- Persons ----------------------------------------------------------------------------

// Words after which a name is expected: "with priya", "ask kai", "doctor patel".
constexpr std::array<std::string_view, 62> kBeforeNames = {
    "with",     "w",         "meet",    "meeting", "seeing",  "call",      "calling",
    "email",    "emailing",  "text",    "texting", "ping",    "ask",       "tell",
    "invite",   "ring",      "chase",   "thank",   "visit",   "pick",      "cc",
    "named",    "doctor",    "dr",      "coach",   "mr",      "mrs",       "ms",
    "miss",     "professor", "uncle",   "aunt",    "aunty",   "auntie",    "cousin",
    "son",      "daughter",  "grandma", "grandpa", "granny",  "nephew",    "niece",
    "wife",     "husband",   "partner", "brother", "sister",  "physio",    "baby",
    "mister",   "abuela",    "abuelo",  "nonna",   "message", "messaging", "congratulate",
    "facetime", "phone",     "tita",    "tito",    "tia",     "tio"};
// ... and after which a name may come, among other things: "flowers for ingrid", "about mateo",
// "is dana in", "our client ana". There, only a name that is not also an everyday word counts
// ("for visa" is no person).
constexpr std::array<std::string_view, 60> kMaybeBeforeNames = {
    "for",      "from",       "up",       "about",       "see",       "is",         "does",
    "did",      "has",        "can",      "candidate",   "client",    "accountant", "lawyer",
    "boss",     "manager",    "friend",   "colleague",   "coworker",  "neighbor",   "neighbour",
    "add",      "include",    "remove",   "drop",        "take",      "wish",       "collect",
    "fetch",    "architect",  "plumber",  "electrician", "builder",   "dentist",    "tutor",
    "teacher",  "nanny",      "landlord", "trainer",     "therapist", "contractor", "mechanic",
    "cleaner",  "babysitter", "nurse",    "recruiter",   "mentor",    "intern",     "hire",
    "get",      "drive",      "promised", "told",        "taking",    "driving",    "bring",
    "bringing", "of",         "besides",  "except"};

// "send the slides to fatima", "bring pedro his charger": "to" names a person after these.
constexpr std::array<std::string_view, 42> kGivingVerbs = {
    "send",    "give",      "bring",     "show",    "forward",  "email",     "mail",
    "text",    "write",     "talk",      "speak",   "reply",    "respond",   "return",
    "hand",    "pass",      "introduce", "explain", "tell",     "pay",       "submit",
    "deliver", "sent",      "gave",      "brought", "showed",   "forwarded", "emailed",
    "mailed",  "texted",    "wrote",     "talked",  "spoke",    "replied",   "returned",
    "handed",  "explained", "told",      "paid",    "transfer", "lend",      "owe"};

// "kwame already bought the eggs", "the alarm tariq set", "olumide says": what a person did or
// says, so the word before it is the one who did.
constexpr std::array<std::string_view, 40> kDoneBySomeone = {
    "said",   "says",      "asked",       "wants",     "wanted", "needs",   "needed",  "got",
    "bought", "made",      "set",         "sent",      "took",   "gave",    "told",    "wrote",
    "paid",   "brought",   "found",       "picked",    "booked", "planned", "already", "just",
    "also",   "suggested", "recommended", "mentioned", "shared", "added",   "cant",    "isnt",
    "wont",   "doesnt",    "didnt",       "wasnt",     "hates",  "loves",   "likes",   "prefers"};

// The people close to me: "mum and geoff", "me and wiktor".
constexpr std::array<std::string_view, 12> kMeAndMine = {"me",      "i",       "mum",     "mom",
                                                         "dad",     "wife",    "husband", "sister",
                                                         "brother", "grandma", "grandpa", "nan"};

// "Acme Corp", "Globex Inc": a company, and the word before it is its name, no one's.
constexpr std::array<std::string_view, 8> kCompanySuffixes = {"corp", "inc", "ltd",         "llc",
                                                              "gmbh", "plc", "corporation", "co"};

bool is_cue_word(std::string_view word) {
  const auto found = cue_index().find(std::string(word));
  return found != cue_index().end() &&
         std::any_of(found->second.begin(), found->second.end(),
                     [](const IndexedCue& cue) { return cue.words.size() == 1; });
}

// "IT", "HR", "SaaS", "OKRs": an acronym or a product, not a name.
bool said_as_acronym(std::string_view text, const Token& token) {
  const auto said = text.substr(token.begin, token.end - token.begin);
  return said.size() >= 2 && std::any_of(said.begin() + 1, said.end(),
                                         [](unsigned char ch) { return std::isupper(ch) != 0; });
}

bool said_capitalized(std::string_view text, const Token& token) {
  return std::isupper(static_cast<unsigned char>(text[token.begin])) != 0;
}

// The first word of a quoted title: "add \"Figma handoff\" to the calendar".
bool opens_quote(std::string_view text, const Token& token) {
  const auto b = token.begin;
  if (b >= 3 && text.substr(b - 3, 3) == "\xE2\x80\x9C") return true;
  return b >= 1 && (text[b - 1] == '"' || text[b - 1] == '\'') && (b == 1 || text[b - 2] == ' ');
}

// A capital that says the word is a name: not the one every typed sentence or quoted title
// starts with ("Timesheet submitted.", "\"Hackathon kickoff\"").
bool capital_names(std::string_view text, const Token& token) {
  if (!said_capitalized(text, token) || opens_quote(text, token)) return false;
  const auto before = text.substr(0, token.begin);
  const auto mark = before.find_last_not_of(" \t");
  if (mark == std::string_view::npos) return false;
  const char c = before[mark];
  return c != '.' && c != '!' && c != '?';
}

bool possessive(const Context& c, std::size_t k) {
  const std::string said = original(c.text, c.tokens[k]);
  return said.find('\'') != std::string::npos || said.find("\xE2\x80\x99") != std::string::npos;
}

// Languages and countries, written with a capital like names: "the class of english", "a
// client from germany".
constexpr std::array<std::string_view, 40> kLanguagesAndCountries = {
    "english",  "spanish",  "french",  "german",  "italian", "portuguese", "chinese",  "mandarin",
    "japanese", "korean",   "arabic",  "hindi",   "russian", "polish",     "dutch",    "greek",
    "turkish",  "latin",    "england", "germany", "france",  "spain",      "italy",    "brazil",
    "brasil",   "portugal", "china",   "japan",   "korea",   "india",      "pakistan", "nigeria",
    "ghana",    "kenya",    "mexico",  "canada",  "poland",  "ireland",    "scotland", "wales"};

// "meeting with mark", "mark and i are playing tennis": a name that is also a command word,
// where only a person fits.
bool cue_word_as_name(const Context& c, std::size_t k) {
  if (!detail::is_proper_noun(c.tokens[k].word)) return false;
  const bool after_with = k > 0 && c.tokens[k - 1].word == "with";
  const bool with_me = k == 0 && c.tokens.size() > 2 && c.tokens[1].word == "and" &&
                       (c.tokens[2].word == "i" || c.tokens[2].word == "me");
  return after_with || with_me;
}

// Could this word be (part of) a person's name? Known names ("bob", "helga") and words the
// English word list does not know ("siddharth", "ngozi") can; everyday words cannot.
bool name_like(const Context& c, std::size_t k) {
  const Token& token = c.tokens[k];
  std::string_view w = token.word;
  if (possessive(c, k) && w.ends_with("s")) w.remove_suffix(1);  // "bob's" is bob
  const bool letters = std::all_of(
      w.begin(), w.end(), [](unsigned char ch) { return std::isalpha(ch) != 0 || ch >= 0x80; });
  if (w.size() < 2 || !letters) return false;
  if (in(w, kNotNames) || in(w, kDeterminers) || in(w, kStops) || in(w, kTimeWords) ||
      in(w, kLanguagesAndCountries) || in_span(token, c.when)) {
    return false;
  }
  if (said_as_acronym(c.text, token) || (is_cue_word(w) && !cue_word_as_name(c, k))) return false;
  if (contracted(c.text, token) || in(w, kMaybeBeforeNames) || in(w, kCompanySuffixes)) {
    return false;  // "the neighbour's cat", "Acme Corp"
  }
  // "mister tan", "dr green": after a title, an everyday word is a surname too.
  constexpr std::array<std::string_view, 6> titles = {"mr", "mrs", "ms", "mister", "dr", "prof"};
  return detail::may_be_name(w) || (k > 0 && in(c.tokens[k - 1].word, titles));
}

// "Pedro's charger" and "pedros charger" alike: the name without its possessive ending.
std::string without_possessive(const Context& c, std::size_t k) {
  std::string said = original(c.text, c.tokens[k]);
  const auto apostrophe = said.find_first_of("'\xE2");
  const bool ends_s = !said.empty() && (said.back() == 's' || said.back() == 'S');
  if (apostrophe != std::string::npos && ends_s) return said.substr(0, apostrophe);  // "bob's"
  const std::string& w = c.tokens[k].word;
  // (said, not the token's word, must end in the "s": "lass’" has a closing quote there)
  if (ends_s && w.size() > 3 && w.ends_with("s") && !detail::is_proper_noun(w) &&
      detail::is_proper_noun(std::string_view{w}.substr(0, w.size() - 1))) {
    said.pop_back();
  }
  return said;
}

// "Jira cleanup", "Figma link": a word right before a common noun names a thing of that kind,
// not a person ("for Priya tomorrow", "for Kofi's team" are unlike it).
bool modifies_next(const Context& c, std::size_t k) {
  const bool said_possessive =
      without_possessive(c, k).size() < c.tokens[k].end - c.tokens[k].begin;  // "pedros charger"
  if (k + 1 >= c.tokens.size() || said_possessive) return false;
  const Token& next = c.tokens[k + 1];
  const auto gap = c.text.substr(c.tokens[k].end, next.begin - c.tokens[k].end);
  if (gap != " " || said_capitalized(c.text, next) || !detail::is_common_word(next.word)) {
    return false;
  }
  constexpr std::array<std::string_view, 22> verbs = {
      "said", "will", "can", "could", "would", "should", "must",    "might", "may", "asked", "has",
      "had",  "does", "did", "just",  "also",  "still",  "already", "again", "too", "yet",   "as"};
  // "about swatishs birthday", "for ana wedding": a person's own occasion, said without "'s".
  constexpr std::array<std::string_view, 10> occasions = {
      "birthday",   "bday",    "wedding",    "anniversary", "party",
      "graduation", "funeral", "retirement", "recital",     "flight"};
  const std::string& w = next.word;
  return !in(w, kStops) && !in(w, kTimeWords) && !in(w, kNotNames) && !in(w, verbs) &&
         !in(w, occasions) && !in(w, kDeterminers) && !is_number(w) && !w.ends_with("s") &&
         !w.ends_with("ed") && !w.ends_with("ing");
}

// "Black Friday", "Cyber Monday": an everyday word before a capitalised day names the day.
bool names_a_day(const Context& c, std::size_t k) {
  constexpr std::array<std::string_view, 7> weekdays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  return k + 1 < c.tokens.size() && in(c.tokens[k + 1].word, weekdays) &&
         said_capitalized(c.text, c.tokens[k + 1]) && detail::is_common_word(c.tokens[k].word);
}

// "kwame already bought ...", "the books mei lin recommended": a name, of one word or two, and
// then what that person did.
bool did_something(const Context& c, std::size_t k) {
  for (std::size_t next = k + 1; next < c.tokens.size() && next <= k + 2; ++next) {
    if (in(c.tokens[next].word, kDoneBySomeone)) return true;
    // "grace is planning the party", "ben was lending me his drill"
    const bool doing = (c.tokens[next].word == "is" || c.tokens[next].word == "was") &&
                       next + 1 < c.tokens.size() && c.tokens[next + 1].word.ends_with("ing") &&
                       c.tokens[next + 1].word.size() > 5;
    if (doing) return true;
    if (!name_like(c, next) || detail::is_common_word(c.tokens[next].word)) return false;
  }
  return false;
}

// "add kibble to the pet store list", "films to watch list add oppenheimer": what goes on a list
// of things is a thing. Only a list of people ("the christmas card list") takes names.
bool adds_to_things_list(const Context& c) {
  constexpr std::array<std::string_view, 11> people_lists = {
      "guest",      "guests",  "card",     "cards",  "invite", "invites",
      "invitation", "contact", "contacts", "people", "carpool"};
  bool things_list = false;
  for (std::size_t k = 1; k < c.tokens.size(); ++k) {
    if (c.tokens[k].word != "list") continue;
    if (in(c.tokens[k - 1].word, people_lists)) return false;
    // "the list of people invited", "list of guests"
    if (k + 2 < c.tokens.size() && c.tokens[k + 1].word == "of" &&
        in(c.tokens[k + 2].word, people_lists)) {
      return false;
    }
    things_list = true;
  }
  return things_list;
}

constexpr std::array<std::string_view, 4> kHomes = {"house", "home", "place", "flat"};

// "sunita house", "jims place": whose home the next word is.
bool home_next_to(const Context& c, std::size_t k) {
  return k + 1 < c.tokens.size() && in(c.tokens[k + 1].word, kHomes);
}

// Amounts of a thing: "a packet of dal", "two kilos of rice".
constexpr std::array<std::string_view, 24> kMeasures = {
    "packet", "packets", "bag",   "bags",  "box",    "boxes",  "bottle", "bottles",
    "kg",     "kilo",    "kilos", "pound", "pounds", "tin",    "tins",   "can",
    "jar",    "pack",    "lot",   "lots",  "bunch",  "couple", "piece",  "slice"};

// Does a name begin at token k, by what comes before it or by how it was written?
bool name_begins(const Context& c, std::size_t k, bool after_name) {
  // "dr nguyen", "mr okafor": the title is no part of the name.
  if (!name_like(c, k) || in(c.tokens[k].word, kBeforeNames)) return false;
  // "@priya": a mention.
  if (c.tokens[k].begin > 0 && c.text[c.tokens[k].begin - 1] == '@') return true;
  // "Acme Corp", "Black Friday": a company, a day.
  const bool company = k + 1 < c.tokens.size() && in(c.tokens[k + 1].word, kCompanySuffixes);
  if (company || names_a_day(c, k)) return false;
  if (k == 0) {
    // "Jorge fixed the faucet", "Priya reviewed the PR", "chiara and i ...": a known name, a
    // name that did something, or a name joined to "i".
    const bool with_me = c.tokens.size() > 2 && c.tokens[1].word == "and" &&
                         (c.tokens[2].word == "i" || c.tokens[2].word == "me");
    const bool did = c.tokens.size() > 1 && c.tokens[1].word.ends_with("ed") &&
                     !detail::is_common_word(c.tokens[0].word);
    // "tom's birthday is ...", "ewan and katie's wedding": whose it is.
    const bool whose =
        possessive(c, 0) || (c.tokens.size() > 2 && c.tokens[1].word == "and" && possessive(c, 2));
    const std::string name = lower_case(without_possessive(c, 0));  // "tom's" is tom
    const bool proper = detail::is_proper_noun(name);
    const bool known = proper || !detail::is_common_word(name);
    return with_me || did || (known && (whose || did_something(c, 0))) ||
           (proper && !detail::is_common_word(name));
  }
  // "in Paris", "team Phoenix": a place or a group.
  constexpr std::array<std::string_view, 8> no_person_after = {
      "in", "at", "near", "around", "team", "project", "room", "channel"};
  const std::string& before = c.tokens[k - 1].word;
  // ... but "at mike's" is at someone's home, and so is "at sunita house".
  if (before == "at" && home_next_to(c, k) && !detail::is_common_word(c.tokens[k].word)) {
    return true;
  }
  // "the wedding of fatima", not "a packet of dal".
  if (before == "of" && k >= 2 && in(c.tokens[k - 2].word, kMeasures)) return false;
  const bool someones_home = before == "at" && possessive(c, k);
  if (in(before, no_person_after) && !someones_home) return false;
  // "the Lisbon trip", "a Figma link": after an article comes a thing.
  constexpr std::array<std::string_view, 6> articles = {"the", "a", "an", "this", "these", "those"};
  if (in(before, articles) && !possessive(c, k)) return false;
  // "valentine's day", "mother's day": a day's name, no one's.
  const bool days_name =
      k + 1 < c.tokens.size() && (c.tokens[k + 1].word == "day" || c.tokens[k + 1].word == "eve");
  if (in(before, kBeforeNames) && in(c.tokens[k].word, kHomes)) return false;  // "uncle house"
  if (in(before, kBeforeNames) || (possessive(c, k) && !days_name)) return true;
  if (opens_quote(c.text, c.tokens[k])) return false;  // a title's first word
  const bool only_a_name =
      !detail::is_common_word(c.tokens[k].word) || capital_names(c.text, c.tokens[k]);
  // "send priya the slides", "make isabella a wish list": the one given to comes first.
  constexpr std::array<std::string_view, 4> made_for = {"make", "buy", "get", "order"};
  const bool given = in(before, kGivingVerbs) ||
                     (in(before, made_for) && detail::is_proper_noun(c.tokens[k].word));
  if (given && k + 1 < c.tokens.size() && in(c.tokens[k + 1].word, kDeterminers)) {
    return only_a_name;
  }
  // "mike jim and bob": a name right after a name, or after "and" after one.
  if (after_name) {
    if (possessive(c, k - 1) || home_next_to(c, k - 1)) return false;  // "maria's house"
    return before == "and" || detail::is_proper_noun(c.tokens[k].word) ||
           capital_names(c.text, c.tokens[k]);
  }
  if (before == "and") {
    return only_a_name && k >= 2 && in(c.tokens[k - 2].word, kMeAndMine);
  }
  // After "for", "about" or "from", a word that names the kind of the thing after it is no one
  // ("for Jira cleanup").
  constexpr std::array<std::string_view, 3> prepositions = {"for", "about", "from"};
  if ((before == "add" || before == "include") && adds_to_things_list(c)) return false;
  if (in(before, kMaybeBeforeNames)) {
    return only_a_name && !(in(before, prepositions) && modifies_next(c, k));
  }
  if (before == "to") {
    // ... not after "tell me": given to me ("tell me when my flight to denver leaves").
    bool given_to = false;
    for (std::size_t j = 0; j + 1 < k; ++j) {
      const std::string& next = c.tokens[j + 1].word;
      if (in(c.tokens[j].word, kGivingVerbs) && next != "me" && next != "us") given_to = true;
    }
    return only_a_name && given_to;
  }
  if (only_a_name && did_something(c, k)) return true;
  // "so yusuf can present", "before jonas gets here", "the one that mateo drinks", "because
  // ella and finn want to go": the one who does the next thing.
  constexpr std::array<std::string_view, 13> clause_openers = {
      "so",   "before",  "until", "after", "when",  "once", "while",
      "that", "because", "since", "as",    "cause", "which"};
  constexpr std::array<std::string_view, 14> doing = {"can",   "will",  "could",  "gets", "arrives",
                                                      "comes", "lands", "leaves", "is",   "has",
                                                      "want",  "wants", "drinks", "lent"};
  const auto acts = [&](std::size_t next) {
    return next < c.tokens.size() &&
           (in(c.tokens[next].word, doing) || in(c.tokens[next].word, kDoneBySomeone));
  };
  const bool and_another = k + 2 < c.tokens.size() && c.tokens[k + 1].word == "and" &&
                           name_like(c, k + 2) && acts(k + 3);
  if (in(before, clause_openers) && (acts(k + 1) || and_another)) return only_a_name;
  // "chen and maria's wedding": two people whose it is.
  const bool next_and_whose =
      k + 2 < c.tokens.size() && c.tokens[k + 1].word == "and" && possessive(c, k + 2);
  if (only_a_name && next_and_whose) return true;
  // "if rafael birthday is this month": whose occasion, the possessive unsaid.
  constexpr std::array<std::string_view, 6> occasions = {"birthday",    "bday",    "wedding",
                                                         "anniversary", "funeral", "graduation"};
  // ("my wifes birthday" is no one's name).
  const std::string_view stem =
      std::string_view(c.tokens[k].word)
          .substr(0, c.tokens[k].word.size() - (c.tokens[k].word.ends_with("s") ? 1 : 0));
  if (only_a_name && !detail::is_common_word(stem) && k + 1 < c.tokens.size() &&
      in(c.tokens[k + 1].word, occasions)) {
    return true;
  }
  // "paying elif back": the one owed.
  constexpr std::array<std::string_view, 3> paying = {"pay", "paying", "paid"};
  if (in(before, paying) && k + 1 < c.tokens.size() && c.tokens[k + 1].word == "back") {
    return only_a_name;
  }
  const bool next_and_me = k + 2 < c.tokens.size() && c.tokens[k + 1].word == "and" &&
                           (c.tokens[k + 2].word == "i" || c.tokens[k + 2].word == "me");
  // "pedros charger": a known name with a possessive "s" said without the apostrophe.
  const bool possessive_s = without_possessive(c, k).size() < c.tokens[k].end - c.tokens[k].begin;
  return capital_names(c.text, c.tokens[k]) || next_and_me || possessive_s;
}

// "with John", "ask kai", "send it to Fatima", "Noor's plants", "me and wiktor": the people
// named. The words stay in the title.
void extract_persons(Context& c) {
  json persons = json::array();
  bool after_name = false;
  for (std::size_t k = 0; k < c.tokens.size(); ++k) {
    if (!name_begins(c, k, after_name)) {
      after_name = after_name && c.tokens[k].word == "and";
      continue;
    }
    // "Li Wei", "John Smith", "li wei": a second name-like word written with a capital like the
    // first, or unknown to the word list, is part of the same name ("mike jim" are two).
    std::string name = without_possessive(c, k);
    const auto same_name = [&](std::size_t next) {
      if (next >= c.tokens.size() || possessive(c, k) || home_next_to(c, k) ||
          !name_like(c, next) || in(c.tokens[next].word, kBeforeNames)) {
        return false;
      }
      const bool capitals =
          said_capitalized(c.text, c.tokens[k]) && said_capitalized(c.text, c.tokens[next]);
      const auto gap = c.text.substr(c.tokens[k].end, c.tokens[next].begin - c.tokens[k].end);
      if (gap.find_first_not_of(' ') != std::string_view::npos) return false;  // "Dmitri & Layla"
      const bool listed = (next + 1 < c.tokens.size() && c.tokens[next + 1].word == "and");
      return capitals || !detail::is_proper_noun(c.tokens[next].word) || !listed;
    };
    if (same_name(k + 1)) {
      ++k;
      name += ' ' + without_possessive(c, k);
    }
    if (std::find(persons.begin(), persons.end(), name) == persons.end()) persons.push_back(name);
    after_name = true;
  }
  if (!persons.empty()) c.slots["persons"] = persons;
}

// "olly set an alarm", "hey siri ...": the name the assistant is called by is no one met. But
// "kwame cancelled our catch up", "fatima needs ...": someone who did or wants something.
void drop_vocative_from_persons(Context& c) {
  const auto name = std::find_if(c.tokens.begin(), c.tokens.end(),
                                 [](const Token& t) { return !before_vocative(t.word); });
  if (name == c.tokens.end() || !c.slots.contains("persons")) return;
  if (const auto next = name + 1; next != c.tokens.end()) {
    const std::string& verb = next->word;
    // ("olly set an alarm", "olly just add ...": said to the assistant)
    const bool imperative = verb == "set" || verb == "just" || verb == "also";
    if (verb.ends_with("ed") || (verb.ends_with("s") && verb != "is") ||
        (in(verb, kDoneBySomeone) && !imperative)) {
      return;
    }
  }
  auto& persons = c.slots["persons"];
  persons.erase(
      std::remove_if(persons.begin(), persons.end(),
                     [&](const json& p) { return lower_case(p.get<std::string>()) == name->word; }),
      persons.end());
  if (persons.empty()) c.slots.erase("persons");
}

// "assign it to Priya", "give it to sam": the assignee. Cut from the title.
void extract_assignee(Context& c) {
  // "get dmitri to look into the bug": the one asked.
  const std::size_t at = delegated_at(c.tokens);
  if (at < c.tokens.size() && c.tokens[at + 2].word == "to" && name_like(c, at + 1)) {
    c.slots["assignee"] = original(c.text, c.tokens[at + 1]);
    for (std::size_t m = at; m <= at + 2; ++m) c.tokens[m].removed = true;
    return;
  }
  for (std::size_t i = 0; i < c.tokens.size(); ++i) {
    const auto& w = c.tokens[i].word;
    if (w != "assign" && w != "assigned" && w != "reassign" && w != "give") continue;
    // "assign kofi a task to ...", "assign priya the report": the name comes first.
    constexpr std::array<std::string_view, 5> objects = {"a", "an", "the", "this", "that"};
    if ((w != "give" || at == i) && i + 2 < c.tokens.size() && name_like(c, i + 1) &&
        in(c.tokens[i + 2].word, objects)) {
      c.slots["assignee"] = original(c.text, c.tokens[i + 1]);
      c.tokens[i].removed = c.tokens[i + 1].removed = true;
      return;
    }
    for (std::size_t k = i + 1; k + 1 < c.tokens.size() && k <= i + 6; ++k) {
      if (c.tokens[k].word != "to") continue;
      const std::size_t name = k + 1;
      if (in(c.tokens[name].word, kNotNames) || stop_at(c, name)) break;
      // "give me a reminder to call mom", "assign kofi a task to set up ...": only a name is
      // an assignee.
      if (!name_like(c, name)) break;
      std::size_t end = name + 1;
      if (end < c.tokens.size() && !stop_at(c, end) && name_like(c, end)) ++end;  // "Li Wei"
      c.slots["assignee"] = join(c.text, c.tokens, name, end);
      for (std::size_t m = (w == "give" ? i : k); m < end; ++m) c.tokens[m].removed = true;
      c.tokens[i].removed = true;
      return;
    }
  }
}

// "add Priya to the kickoff call", "invite tomás and hana to the design crit", "drop Carlos
// from the budget review", "take leo off the interview panel": a change of who attends an
// event. Answers "add" or "remove" and cuts the verb, the names and the preposition, so the
// title is the event's; empty when the utterance is not one.
std::string attendee_change(Context& c) {
  constexpr std::array<std::string_view, 4> adding = {"add", "invite", "include", "ask"};
  constexpr std::array<std::string_view, 5> removing = {"remove", "drop", "take", "uninvite",
                                                        "kick"};
  constexpr std::array<std::string_view, 14> openers = {
      "also", "please", "pls", "actually", "oh",  "ok",    "okay",
      "and",  "so",     "can", "could",    "you", "would", "hey"};
  // "invite the new hire Amara to ...": words that say who the guest is.
  constexpr std::array<std::string_view, 12> describing = {
      "the",     "our",    "my",   "new",       "hire",      "intern",
      "manager", "client", "boss", "colleague", "candidate", "contractor"};
  std::size_t verb = 0;
  while (verb < c.tokens.size() && (in(c.tokens[verb].word, openers) || c.tokens[verb].removed)) {
    ++verb;
  }
  if (verb + 2 >= c.tokens.size()) return "";
  const bool add = in(c.tokens[verb].word, adding);
  if (!add && !in(c.tokens[verb].word, removing)) return "";
  // The names, joined by "and": every word up to the preposition is part of one.
  const json persons = c.slots.value("persons", json::array());
  std::size_t k = verb + 1;
  bool any = false;
  // "invite the design team to the sync": a team's members are the guests.
  std::string team;
  std::size_t end = k;
  while (end < c.tokens.size() &&
         !in(c.tokens[end].word, std::array<std::string_view, 3>{"to", "from", "off"})) {
    ++end;
  }
  if (end > k && c.tokens[end - 1].word == "team") {
    constexpr std::array<std::string_view, 6> frame = {"the", "my", "our", "everyone", "on", "in"};
    std::size_t from = k;
    while (from < end - 1 && in(c.tokens[from].word, frame)) ++from;
    bool name_only = from < end - 1 && end - 1 - from <= 3;  // "add a todo for the x team" is none
    for (std::size_t m = from; m < end - 1; ++m) {
      name_only = name_only && !in(c.tokens[m].word, kStops) && !in(c.tokens[m].word, kThingsMade);
    }
    if (name_only) {
      team = join(c.text, c.tokens, from, end - 1);
      any = true;
      k = end;
    }
  }
  // "take her off the invite", "add him to the sync": whoever was named last in the talk.
  constexpr std::array<std::string_view, 3> prepositions = {"to", "from", "off"};
  constexpr std::array<std::string_view, 3> pronouns = {"him", "her", "them"};
  std::string pronoun;
  if (team.empty() && k + 1 < c.tokens.size() && in(c.tokens[k].word, pronouns) &&
      in(c.tokens[k + 1].word, prepositions)) {
    pronoun = c.tokens[k].word;
    any = true;
    ++k;
  }
  while (k < c.tokens.size() && !in(c.tokens[k].word, prepositions)) {
    const auto& w = c.tokens[k].word;
    const bool named = std::any_of(persons.begin(), persons.end(), [&](const json& p) {
      const auto name = lower_case(p.get<std::string>());
      for (std::size_t at = name.find(w); at != std::string::npos; at = name.find(w, at + 1)) {
        const std::size_t end = at + w.size();
        if ((at == 0 || name[at - 1] == ' ') && (end == name.size() || name[end] == ' ')) {
          return true;
        }
      }
      return false;
    });
    if (!named && w != "and" && !in(w, describing)) return "";
    any = any || named;
    ++k;
  }
  if (k >= c.tokens.size()) return "";  // "add priya and sam": no event named
  const auto& preposition = c.tokens[k].word;
  if (!any || k + 1 >= c.tokens.size() || (add != (preposition == "to"))) return "";
  // "invite hana to a coffee chat friday": a new event, made with a guest.
  if (c.tokens[k + 1].word == "a" || c.tokens[k + 1].word == "an") return "";
  // "add john to the shopping list", "add sam to my calendar": something to add, not a guest.
  constexpr std::array<std::string_view, 10> not_events = {
      "list", "lists", "todo", "todos", "task", "tasks", "calendar", "agenda", "schedule", "team"};
  for (std::size_t m = k + 1; m < c.tokens.size(); ++m) {
    if (in(c.tokens[m].word, not_events)) return "";
  }
  for (std::size_t m = 0; m <= k; ++m) c.tokens[m].removed = true;
  if (!team.empty()) c.slots["guest_team"] = team;
  if (!pronoun.empty()) c.slots["guest_pronoun"] = pronoun;
  return add ? "add" : "remove";
}

// "assign it to Priya": Priya is the assignee, not also a person met.
void drop_assignee_from_persons(json& slots) {
  if (!slots.contains("assignee") || !slots.contains("persons")) return;
  const auto assignee = lower_case(slots["assignee"].get<std::string>());
  auto& persons = slots["persons"];
  persons.erase(
      std::remove_if(persons.begin(), persons.end(),
                     [&](const json& p) { return lower_case(p.get<std::string>()) == assignee; }),
      persons.end());
  if (persons.empty()) slots.erase("persons");
}

// "for the sales team", "on the design team": the team name. Cut from the title.
void extract_team(Context& c) {
  for (std::size_t i = 1; i < c.tokens.size(); ++i) {
    if (c.tokens[i].word != "team") continue;
    std::size_t start = i;
    while (start > 0 && i - start < 2 && !in(c.tokens[start - 1].word, kDeterminers) &&
           !in(c.tokens[start - 1].word, kStops)) {
      --start;
    }
    if (start == i || start == 0 || !in(c.tokens[start - 1].word, kDeterminers)) continue;
    c.slots["team"] = join(c.text, c.tokens, start, i);
    std::size_t from = start - 1;
    if (from > 0 && in(c.tokens[from - 1].word, kStops)) --from;
    for (std::size_t m = from; m <= i; ++m) c.tokens[m].removed = true;
    return;
  }
}

// "my grocery list", "the shopping list": the list name. Cut from the title.
void extract_list_name(Context& c) {
  constexpr std::array<std::string_view, 18> generic = {
      "todo", "do",  "task", "tasks", "whole", "entire", "to",   "new", "that",
      "this", "dos", "it",   "what",  "which", "how",    "many", "any", "all"};
  for (std::size_t i = 1; i < c.tokens.size(); ++i) {
    if (c.tokens[i].word != "list" && c.tokens[i].word != "lists") continue;
    std::size_t start = i;
    while (start > 0 && i - start < 2 && !in(c.tokens[start - 1].word, kDeterminers) &&
           !in(c.tokens[start - 1].word, kStops) && !in(c.tokens[start - 1].word, generic) &&
           !c.tokens[start - 1].removed) {
      --start;
    }
    if (start == i) continue;
    c.slots["list_name"] = join(c.text, c.tokens, start, i);
    std::size_t from = start;
    if (from > 0 && in(c.tokens[from - 1].word, kDeterminers)) --from;
    if (from > 0 && in(c.tokens[from - 1].word, kStops)) --from;
    for (std::size_t m = from; m <= i; ++m) c.tokens[m].removed = true;
    return;
  }
}

// "at the office", "in conference room b", "at starbucks": a place, not a time.
void extract_location(Context& c) {
  for (std::size_t i = 0; i + 1 < c.tokens.size(); ++i) {
    const auto& w = c.tokens[i].word;
    if ((w != "at" && w != "in") || in_span(c.tokens[i], c.when)) continue;
    // "put in a haircut", "pencil in a call": the verb's particle, no place.
    constexpr std::array<std::string_view, 7> fitted = {"put",  "pencil",  "fit", "pop",
                                                        "slot", "squeeze", "book"};
    if (w == "in" && i > 0 && in(c.tokens[i - 1].word, fitted)) continue;
    std::size_t start = i + 1;
    const bool determiner = in(c.tokens[start].word, kDeterminers);
    if (determiner) ++start;
    if (start >= c.tokens.size()) return;
    // "in" needs "the"/"my" or a room ("in room 4"); a bare word after "in" is rarely a place.
    constexpr std::array<std::string_view, 8> places = {"room",  "office", "building", "hall",
                                                        "lobby", "cafe",   "floor",    "library"};
    bool place_noun = false;
    for (std::size_t k = start; k < std::min(start + 3, c.tokens.size()); ++k) {
      place_noun = place_noun || in(c.tokens[k].word, places);
    }
    if (w == "in" && !determiner && !place_noun) continue;
    if (c.tokens[start].removed || stop_at(c, start) || in(c.tokens[start].word, kNotPlaces) ||
        in(c.tokens[start].word, kNumberWords) || in(c.tokens[start].word, kNotNames)) {
      continue;
    }
    std::size_t end = start;
    while (end < c.tokens.size() && end - start < 4 && !c.tokens[end].removed &&
           (!stop_at(c, end) ||
            (end > start && is_number(c.tokens[end].word) && !in_span(c.tokens[end], c.when)))) {
      ++end;
    }
    c.slots["location"] = join(c.text, c.tokens, start, end);
    for (std::size_t m = i; m < end; ++m) c.tokens[m].removed = true;
    return;
  }
}

void extract_priority(Context& c) {
  for (std::size_t i = 0; i < c.tokens.size(); ++i) {
    const auto& w = c.tokens[i].word;
    const auto next = i + 1 < c.tokens.size() ? std::string_view{c.tokens[i + 1].word} : "";
    std::string level;
    std::size_t length = 1;
    if (w == "urgent" || w == "urgently") level = "urgent";
    if (w == "asap" || w == "important") level = "high";
    if ((w == "high" || w == "top") && next == "priority") level = "high", length = 2;
    if (w == "low" && next == "priority") level = "low", length = 2;
    // "high prio", and tracker levels: "p0" (drop everything) to "p3".
    if ((w == "high" || w == "low") && next == "prio") level = w, length = 2;
    if (w == "p0") level = "urgent";
    if (w == "p1") level = "high";
    if (w == "p2") level = "normal";
    if (w == "p3" || w == "p4") level = "low";
    if (w == "no" && next == "rush") level = "low", length = 2;
    if (w == "as" && next == "soon" && i + 3 < c.tokens.size() &&
        c.tokens[i + 3].word == "possible") {
      level = "high", length = 4;
    }
    if (w == "priority") {  // "change the priority of the report to high"
      for (std::size_t k = i + 1; k < c.tokens.size() && level.empty(); ++k) {
        const auto& v = c.tokens[k].word;
        if (v == "high" || v == "low" || v == "urgent" || v == "normal") {
          level = v;
          // The words between name the item: "priority [of] the report [to] high".
          c.tokens[k].removed = true;
          if (c.tokens[k - 1].word == "to" || c.tokens[k - 1].word == "as") {
            c.tokens[k - 1].removed = true;
          }
          if (c.tokens[i + 1].word == "of" || c.tokens[i + 1].word == "for") {
            c.tokens[i + 1].removed = true;
          }
        }
      }
    }
    if (level.empty()) continue;
    c.slots["priority"] = level;
    for (std::size_t m = i; m < i + length; ++m) c.tokens[m].removed = true;
    if (i > 0 && (c.tokens[i - 1].word == "as" || c.tokens[i - 1].word == "a" ||
                  c.tokens[i - 1].word == "with" || c.tokens[i - 1].word == "its")) {
      c.tokens[i - 1].removed = true;
    }
    return;
  }
}

struct Ordinal {
  int value = 0;
  std::vector<std::size_t> words;
};

// "the second one" -> 2, "the last task" -> -1, "number 3" -> 3. An ordinal word needs an
// article before it or an item word after it: "add first aid kit" names no item.
std::optional<Ordinal> find_ordinal(const Context& c) {
  constexpr std::array<std::string_view, 10> ordinals = {"first", "second", "third",   "fourth",
                                                         "fifth", "sixth",  "seventh", "eighth",
                                                         "ninth", "tenth"};
  constexpr std::array<std::string_view, 14> items = {
      "one",   "item",  "task",  "todo",        "event", "meeting", "reminder",
      "alarm", "thing", "entry", "appointment", "on",    "in",      "from"};
  const auto& t = c.tokens;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (in_span(t[i], c.when)) continue;
    const auto& w = t[i].word;
    if (w == "number" && i + 1 < t.size()) {
      const auto& n = t[i + 1].word;
      const auto word = std::find(kNumberWords.begin(), kNumberWords.begin() + 10, n);
      int value = 0;
      if (word != kNumberWords.begin() + 10)
        value = static_cast<int>(word - kNumberWords.begin()) + 1;
      if (n.size() == 1 && std::isdigit(static_cast<unsigned char>(n[0])) != 0) value = n[0] - '0';
      if (value > 0) return Ordinal{value, {i, i + 1}};
      continue;
    }
    const auto found = std::find(ordinals.begin(), ordinals.end(), w);
    int value = 0;
    if (found != ordinals.end()) value = static_cast<int>(found - ordinals.begin()) + 1;
    if (w == "last") value = -1;
    if (value == 0) continue;
    if (i + 1 < t.size() && t[i + 1].word == "of") continue;  // "the last of the toilet paper"
    const bool article = i > 0 && in(t[i - 1].word, kDeterminers);
    const bool item = i + 1 < t.size() && in(t[i + 1].word, items);
    const bool alone = t.size() <= 3;  // "finished the first", "second one"
    if (!article && !item && !alone) continue;
    Ordinal ordinal{value, {i}};
    if (i + 1 < t.size() && t[i + 1].word == "one") ordinal.words.push_back(i + 1);
    return ordinal;
  }
  return std::nullopt;
}

// "first meeting", "the last appointment": the ordinal points at a thing of a kind said.
bool names_a_kind(const std::vector<Token>& tokens, const Ordinal& ordinal) {
  constexpr std::array<std::string_view, 10> kinds = {"item",    "task",       "todo",  "event",
                                                      "meeting", "reminder",   "alarm", "thing",
                                                      "entry",   "appointment"};
  const std::size_t next = ordinal.words.back() + 1;
  return next < tokens.size() && in(tokens[next].word, kinds);
}

void extract_status(Context& c) {
  for (const auto& token : c.tokens) {
    const auto& w = token.word;
    if (w == "done" || w == "completed" || w == "finished" || w == "complete" || w == "finish") {
      c.slots["status"] = "done";
      return;
    }
    if (w == "open" || w == "pending" || w == "outstanding" || w == "remaining" ||
        w == "unfinished" || w == "incomplete" || w == "left" || w == "undone") {
      c.slots["status"] = "open";
      return;
    }
  }
}

void extract_reference(Context& c) {
  for (auto& token : c.tokens) {
    if (token.word == "it" || token.word == "that" || token.word == "this" ||
        token.word == "them") {
      c.slots["reference"] = token.word;
      token.removed = true;
      return;
    }
  }
}

// What is left once time, command words and slot phrases are cut: the thing to do.
std::vector<const Token*> title_tokens(const Context& c) {
  constexpr std::array<std::string_view, 28> leading = {
      "a",      "an",    "the", "to",   "that", "about", "for",   "of",     "and",   "me",
      "i",      "so",    "new", "on",   "at",   "in",    "by",    "called", "named", "titled",
      "saying", "which", "is",  "some", "up",   "one",   "there", "theres"};
  // "lunch with ngozi thursday add": a command said last.
  constexpr std::array<std::string_view, 33> trailing = {
      "on",  "at",   "in", "by",   "for",   "to",     "the",    "a",    "an",  "and", "into",
      "due", "from", "of", "with", "about", "is",     "that",   "this", "me",  "my",  "onto",
      "our", "your", "it", "as",   "one",   "please", "called", "off",  "got", "now", "add"};
  std::vector<const Token*> kept;
  for (const auto& token : c.tokens) {
    if (!token.removed && !in_span(token, c.when)) kept.push_back(&token);
  }
  std::size_t from = 0, to = kept.size();
  // "put it in my calendar that the dentist is thursday": what follows "that" is the thing.
  constexpr std::array<std::string_view, 11> frame = {
      "it", "in", "on", "my", "the", "calendar", "diary", "planner", "agenda", "down", "note"};
  for (std::size_t k = 0; k < to && kept[k]->word != "that"; ++k) {
    if (!in(kept[k]->word, frame)) break;
    if (k + 1 < to && kept[k + 1]->word == "that") from = k + 2;
  }
  // "morning, how are you, could you add milk": a greeting said apart from the rest.
  constexpr std::array<std::string_view, 4> greetings = {"morning", "afternoon", "evening", "hey"};
  if (to > 1 && kept[0] == &c.tokens[0] && kept[1] != &c.tokens[1] &&
      in(kept[0]->word, greetings)) {
    from = 1;
  }
  // "i've got physio every wednesday": that the speaker has it is no part of its name.
  constexpr std::array<std::string_view, 4> holders = {"i", "ive", "we", "weve"};
  if (std::size_t k = from; k + 2 < to && in(kept[k]->word, holders)) {
    if (kept[k + 1]->word == "have" || kept[k + 1]->word == "got") from = k + 2;
  }
  while (from < to && (in(kept[from]->word, leading) || kept[from]->word == "my")) ++from;
  while (to > from && in(kept[to - 1]->word, trailing)) --to;
  return {kept.begin() + static_cast<std::ptrdiff_t>(from),
          kept.begin() + static_cast<std::ptrdiff_t>(to)};
}

// The title's words as typed: "1:1", "v2.1", "24/7" and "w/" keep the mark that joins them.
std::string joined(const Context& c, std::span<const Token* const> tokens) {
  std::string out;
  const Token* before = nullptr;
  for (const Token* token : tokens) {
    if (before != nullptr) {
      const auto gap = c.text.substr(before->end, token->begin - before->end);
      const bool next = token == before + 1;
      const bool joint = next && gap.size() == 1 && (gap == ":" || gap == "." || gap == "/");
      const bool slash = next && gap.size() > 1 && gap[0] == '/';  // "w/ new pricing"
      out += joint ? std::string(gap) : slash ? std::string("/ ") : std::string(" ");
    }
    out += original(c.text, *token);
    before = token;
  }
  return out;
}

// Said as one thing though joined by "and": one item on a shopping list, not two.
constexpr std::array<std::string_view, 12> kOneThingWithAnd = {
    "mac and cheese",          "macaroni and cheese", "fish and chips",   "salt and vinegar",
    "sweet and sour",          "half and half",       "bread and butter", "pork and beans",
    "peanut butter and jelly", "rock and roll",       "black and white",  "pros and cons"};

// "milk, eggs and bread" typed with commas, or "apples and oranges" for a named list: each part
// is an item of its own. Without commas or a list, "call mom and pay rent" stays one todo.
std::vector<std::string> enumerated_items(const Context& c, std::span<const Token* const> title) {
  constexpr std::size_t kMaxItems = 20;
  const bool list_named = c.slots.contains("list_name");
  if (in(joined(c, title), kOneThingWithAnd)) return {};
  const auto comma_before = [&](std::size_t k) {
    const auto gap = c.text.substr(title[k - 1]->end, title[k]->begin - title[k - 1]->end);
    return gap.find_first_of(",;") != std::string_view::npos;
  };
  bool comma = false;
  for (std::size_t k = 1; k < title.size(); ++k) comma = comma || comma_before(k);
  if (!comma && !list_named) return {};
  std::vector<std::string> items;
  std::size_t first = 0;
  const auto close = [&](std::size_t end) {
    if (end > first) items.push_back(joined(c, title.subspan(first, end - first)));
  };
  for (std::size_t k = 0; k < title.size(); ++k) {
    const auto& word = title[k]->word;
    if (word == "and" || word == "or" || word == "plus") {
      close(k);
      first = k + 1;
    } else if (k > 0 && comma_before(k)) {
      close(k);
      first = k;
    }
  }
  close(title.size());
  for (const auto& item : items) {
    if (in(item, kOneThingWithAnd)) return {};
  }
  if (items.size() < 2 || items.size() > kMaxItems) return {};
  return items;
}

// ---- Intent -----------------------------------------------------------------------------

struct Candidate {
  std::string_view intent;
  float score;
};

std::string_view tool_for(int action, int object) {
  // action: 0 create, 1 list, 2 update, 3 complete, 4 delete; object: 0 todo, 1 event, 2 reminder
  static constexpr std::string_view table[5][3] = {
      {"create_todo", "create_event", "create_reminder"},
      {"list_todos", "list_events", "list_events"},
      {"update_todo", "update_event", "update_event"},
      {"complete_todo", "complete_todo", "complete_todo"},
      {"delete_todo", "delete_event", "delete_event"},
  };
  return table[action][object];
}

std::vector<Candidate> candidates(const Scored& scored,
                                  const std::optional<time::TimeExpression>& when, Timestamp now,
                                  std::string_view status, bool names_an_item, bool names_a_kind) {
  const bool status_said = !status.empty();
  Weights w = scored.weights;
  // A time makes an event more likely; a clock time more so.
  if (when) w.event += when->time_given ? 0.8F : 0.4F;
  // "add the chiropractor at 8:30 on the 16th": at a clock time, "add" and "put in" make an
  // event, unless a task or a list is named.
  if (when && when->time_given && !scored.todo_named) w.todo *= 0.3F;
  if (when && !when->rrule.empty()) w.event += 0.5F;  // recurring things are mostly meetings
  if (scored.day_destination) w.event += 1.5F;        // "add it to my saturday morning"
  // ... but "yusuf invited us to dinner next friday" tells of something to come.
  if (scored.reported_done && !(when && when->time_given && when->start > now)) {
    w.complete += 2;
    w.todo += 0.5F;
  }
  // "hiking with mateo saturday, add": a day spent with someone is an event, not a task.
  if (scored.in_company && when && !scored.todo_named) w.event += 0.8F;
  // "meetings today", "my shopping list", "alarms": a collection named without any verb is
  // asked for; "dentist on friday at 3", a statement with no command verb, asks to note it down.
  // "milk and eggs for the shopping list" names where to add.
  const bool destination = scored.list_destination && !scored.question;
  // "put wake up at six on my habits list": an item, no alarm (but "remind me to ... on my list").
  const bool reminder_asked =
      std::any_of(scored.hits.begin(), scored.hits.end(), [](const Match& m) {
        return m.command && m.cue->w.reminder >= 3 &&
               (m.cue->phrase.starts_with("remind") || m.cue->phrase.ends_with(" me"));
      });
  if ((destination || scored.list_place) && !scored.question && !reminder_asked) w.todo += 2;
  if (!scored.action_word && scored.collection_said && !(when && when->time_given) &&
      !destination && !scored.item_placed) {
    w.list += 2;
  } else if (!scored.command_verb && w.list < 1.0F) {
    w.create += scored.any_verb ? 0.5F : 1.0F;
    // "we're hosting thanksgiving on the 26th": a plan said for a coming day is one to note.
    if (when && when->end && *when->end > now && !scored.question) w.event += 0.4F;
  }
  // "is there a knee thing tomorrow morning": asked about an hour of a day, it is an event.
  const bool hour_asked =
      when && (when->grain == time::Grain::hour || when->grain == time::Grain::minute);
  if (scored.question && hour_asked) w.event += 0.5F;
  // "who's in the three o'clock": who comes to the event at that hour, no team's members.
  if (hour_asked && w.members > 0 && w.team == 0) {
    w.event += w.members;
    w.members = 0;
  }
  // "mark the 20th as my day off"; "there's a fire drill on thursday, add that": a day marked,
  // or a dated statement written down, is a calendar entry.
  if (scored.day_marked) {
    w.create += 3;
    w.event += 3;
  }
  // ... but "my alarm should go off at six forty, can you set that" is still the alarm.
  if (scored.statement_noted && when && !scored.todo_named && !scored.question && w.reminder < 2) {
    w.event += 2;
  }
  if (scored.delegated) {  // "give" here hands over new work, no change to old
    w.create += 3;
    w.todo += 2;
    w.update = std::max(0.0F, w.update - 2);
  }
  if (scored.day_added && !scored.todo_named && !destination && !scored.list_place) {
    w.event += 1;
  }
  // "... at eight every night, please remind me"
  if (scored.reminder_last) {
    w.create += 3;
    w.reminder += 3;
  }
  // "add trip to singapore dec 3-7", "release freeze from the 18th through the 22nd": days on
  // end are spent, not done; a todo is due on one.
  const auto several_days = std::chrono::hours{26};
  if (when && when->end && when->grain == time::Grain::day &&
      *when->end - when->start > several_days && !scored.todo_named) {
    w.event += 1;
  }
  // "weekly review every friday at 4 pm": a clock time the resolver did not pick.
  if ((!when || !when->time_given) && scored.clock_said) w.event += 0.8F;
  // "let me know about the meeting an hour before": a lead time asks to be reminded.
  if (scored.lead_time_said) {
    w.create += 2;
    w.reminder += 1;
  }
  // "the second one", "the last task" point at something that already exists.
  if (names_an_item) w.create = std::max(0.0F, w.create - 2.0F);
  // "first meeting tomorrow": a thing of a kind pointed at, with no verb, is asked about ("and
  // the second one" goes on with what was done to the first).
  if (names_a_kind && !scored.any_verb) w.list += 1.5F;
  // "show completed tasks": the completion word is a filter, not the action.
  if (status_said && w.list >= 1.5F) {
    w.complete = std::max(0.0F, w.complete - 2.5F);
    // Only todos are open or done, but "is my afternoon open" asks about free time.
    if (!when || w.todo > 0 || status == "done") w.todo += 1;
  }
  const float actions[5] = {w.create, w.list, w.update, w.complete, w.remove};
  float objects[3] = {w.todo, w.event, w.reminder};
  const bool any_object = w.todo + w.event + w.reminder > 0;
  if (!any_object) objects[0] = 0.3F;  // a todo is the least committal thing to make

  std::vector<Candidate> out;
  for (int a = 0; a < 5; ++a) {
    for (int o = 0; o < 3; ++o) {
      float score = actions[a] + objects[o];
      // With no object said, a question is most often about the calendar ("what's on friday").
      if (!any_object && a == 1 && o == 1) score += 0.35F;
      const auto intent = tool_for(a, o);
      const auto same = std::find_if(out.begin(), out.end(),
                                     [&](const Candidate& c) { return c.intent == intent; });
      if (same == out.end()) {
        out.push_back({intent, score});
      } else {
        same->score = std::max(same->score, score);
      }
    }
  }
  out.push_back({"list_teams", w.list + w.team});
  // "who's in the three o'clock sync": who comes to an event, no team's members.
  const float members = w.event >= 1 && w.team == 0 ? 0.5F * w.members : w.members;
  out.push_back({"list_team_members", w.list + members + 0.5F * w.team});
  out.push_back({"transfer_to_human", w.human * 1.2F});
  out.push_back({"help", w.help});
  out.push_back({"none", w.chat + 1.5F});  // the bar any tool must clear
  std::sort(out.begin(), out.end(),
            [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  return out;
}

double confidence_of(float top, float second) {
  if (top <= 0) return 0;
  const double strength = 1.0 - std::exp(-static_cast<double>(top) / 3.0);
  const double margin = static_cast<double>(top - second) / static_cast<double>(top);
  return std::clamp(strength * (0.5 + 0.5 * margin), 0.0, 1.0);
}

bool is_item_intent(std::string_view intent) {
  return intent.starts_with("update_") || intent.starts_with("complete_") ||
         intent.starts_with("delete_");
}

// "push it back an hour", "make the interview 30 minutes longer": a change relative to what
// the item is. Its words leave the title, and a time read from them ("30 minutes later") is
// none.
void extract_shift(Context& c, std::optional<time::TimeExpression>& when) {
  const auto shift = time::find_shift(c.text);
  if (!shift) return;
  const auto [begin, length] = shift->span;
  c.slots[shift->kind == time::Shift::Kind::move ? "shift_minutes" : "extend_minutes"] =
      shift->minutes.count();
  for (auto& token : c.tokens) {
    if (token.begin >= begin && token.end <= begin + length) token.removed = true;
  }
  if (when && when->begin < begin + length && begin < when->begin + when->length) when.reset();
}

// "7", "1030", "seven": what can follow "at" as a clock time.
bool is_clock_number(std::string_view word) {
  return (is_number(word) && word.size() <= 4) || in(word, kClockNumbers);
}

// `text` with every byte outside [keep_from, keep_to) a space, so byte spans stay valid when
// only part of it is resolved again.
std::string blanked(std::string_view text, std::size_t keep_from, std::size_t keep_to) {
  std::string out(text);
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k < keep_from || k >= keep_to) out[k] = ' ';
  }
  return out;
}

// The first token inside the time's span, or tokens.size().
std::size_t first_in_span(const std::vector<Token>& tokens,
                          const std::optional<time::TimeExpression>& when) {
  std::size_t k = 0;
  while (k < tokens.size() && !in_span(tokens[k], when)) ++k;
  return k;
}

// "move my 3pm to 4", "push the 2 o'clock meeting to 3", "cancel my 3pm": a clock time said as
// a name (after "my", "the" or "from") points at the item that starts then, slot `starts_at`;
// a time said after it is the new one. A deletion's time can only point at the item.
void extract_item_time(Context& c, std::optional<time::TimeExpression>& when,
                       std::string_view intent, Timestamp now, const std::string& tz) {
  if (!when || !when->time_given || !when->rrule.empty() || when->grain != time::Grain::minute) {
    return;
  }
  const std::size_t first = first_in_span(c.tokens, when);
  if (first == c.tokens.size()) return;
  constexpr std::array<std::string_view, 5> naming = {"my", "the", "our", "from", "your"};
  const bool named =
      in(c.tokens[first].word, naming) || (first > 0 && in(c.tokens[first - 1].word, naming));
  if (intent.starts_with("delete_")) {
    if (!when->end) c.slots["starts_at"] = format_rfc3339(when->start);
    return;
  }
  if (!named) return;
  c.slots["starts_at"] = format_rfc3339(when->start);
  if (first > 0 && in(c.tokens[first - 1].word, naming)) c.tokens[first - 1].removed = true;
  const std::size_t span_end = when->begin + when->length;
  if (when->end) {
    // "my 3pm to 4": the resolver read a range; its end is the new start.
    std::size_t k = first;
    while (k < c.tokens.size() && in_span(c.tokens[k], when) && c.tokens[k].word != "to" &&
           c.tokens[k].word != "until" && c.tokens[k].word != "till") {
      c.tokens[k++].removed = true;
    }
    if (k + 1 >= c.tokens.size() || !in_span(c.tokens[k + 1], when)) {
      when.reset();
      return;
    }
    when->start = *when->end;
    when->end.reset();
    when->begin = c.tokens[k].begin;
    when->length = span_end - when->begin;
    when->pieces = {{when->begin, when->length}};
    return;
  }
  // "my 3 pm meeting to 4", "from 3pm to friday": the new time is read from what follows
  // "to" ("to 4" as "at 4"), the item's from what comes before it.
  std::size_t to = first;
  while (to < c.tokens.size() && c.tokens[to].word != "to") ++to;
  for (std::size_t k = first; k < to; ++k) {
    if (in_span(c.tokens[k], when)) c.tokens[k].removed = true;
  }
  if (to == c.tokens.size()) {
    when.reset();
    return;
  }
  const bool clock = to + 1 < c.tokens.size() && is_clock_number(c.tokens[to + 1].word);
  if (c.tokens[to].begin < span_end) {
    const auto item = time::resolve(blanked(c.text, when->begin, c.tokens[to].begin), now, tz);
    if (!item) {
      when.reset();
      return;
    }
    c.slots["starts_at"] = format_rfc3339(item->start);
  }
  std::string rest = blanked(c.text, c.tokens[to].begin, c.text.size());
  rest.replace(c.tokens[to].begin, 2, clock ? "at" : "  ");
  // "shift my 10:30 tomorrow to 11:15": a new time without a day keeps the item's day.
  const auto item_start = parse_rfc3339(c.slots["starts_at"].get<std::string>());
  when = time::resolve(rest, now, tz, {.prefer_future = true, .day_of = item_start});
}

// "remind me when i get home to water the plants": a reminder on an event the assistant cannot
// see. The "when" clause is its condition, slot `condition`, and no part of the title.
void extract_condition(Context& c) {
  for (std::size_t k = 0; k + 3 < c.tokens.size(); ++k) {
    if (c.tokens[k].word != "when" || !subordinate_when(c.tokens, k)) continue;
    // "when i get to work to call sven": a "to" after a verb of going leads to a place.
    constexpr std::array<std::string_view, 10> going = {"get",  "go",    "come", "back", "return",
                                                        "head", "drive", "walk", "fly",  "move"};
    for (std::size_t to = k + 2; to + 1 < c.tokens.size() && to <= k + 8; ++to) {
      if (c.tokens[to].word != "to" || in(c.tokens[to - 1].word, going)) continue;
      c.slots["condition"] = join(c.text, c.tokens, k, to);
      for (std::size_t m = k; m <= to; ++m) c.tokens[m].removed = true;
      return;
    }
    return;
  }
}

// "move the yoga class tonight to 7", "move the call from friday to monday", "bring today's
// review forward to 11": after a move verb, what follows "to" is the new time ("to 7" read as
// "at 7") and what comes before it describes the item; the item's day is the new time's when
// none is said with it. The item's words leave the title.
bool take_move_target(Context& c, std::optional<time::TimeExpression>& when, Timestamp now,
                      const std::string& tz) {
  constexpr std::array<std::string_view, 16> verbs = {
      "move", "moved",  "push",  "pushed",  "reschedule", "rescheduled", "shift",  "shifted",
      "bump", "bumped", "bring", "brought", "postpone",   "postponed",   "change", "changed"};
  std::size_t verb = 0;
  while (verb < c.tokens.size() && !in(c.tokens[verb].word, verbs)) ++verb;
  for (std::size_t to = verb + 1; to + 1 < c.tokens.size(); ++to) {
    if (c.tokens[to].word != "to" || c.tokens[to].end - c.tokens[to].begin != 2) continue;
    std::string rest = blanked(c.text, c.tokens[to].begin, c.text.size());
    if (is_clock_number(c.tokens[to + 1].word)) rest.replace(c.tokens[to].begin, 2, "at");
    const auto item =
        time::resolve(blanked(c.text, c.tokens[verb].end, c.tokens[to].begin), now, tz);
    std::optional<Timestamp> item_day;
    if (item && !item->time_given) item_day = item->start;
    auto target = time::resolve(rest, now, tz, {.prefer_future = true, .day_of = item_day});
    if (!target) continue;
    const bool newer =
        !when || when->begin < c.tokens[to].begin || (target->time_given && !when->time_given);
    if (!newer) return when->begin > c.tokens[to].begin;  // the time said after "to" is new
    // The verb and its particle ("bring ... forward", "push ... back") are no part of the title.
    c.tokens[verb].removed = true;
    constexpr std::array<std::string_view, 4> particles = {"forward", "back", "up", "out"};
    if (in(c.tokens[to - 1].word, particles)) c.tokens[to - 1].removed = true;
    for (std::size_t k = verb + 1; k < to; ++k) {
      if (in_span(c.tokens[k], item)) c.tokens[k].removed = true;
      if (k + 1 < to && c.tokens[k].word == "from" && in_span(c.tokens[k + 1], item)) {
        c.tokens[k].removed = true;
      }
    }
    // "move monday's standup to tuesday": the item meant is monday's.
    if (item) c.slots["occurs_on"] = format_rfc3339(item->start);
    when = std::move(target);
    return true;
  }
  return false;
}

// "make the sync biweekly", "the monthly all hands should be quarterly now": the recurrence is
// the change, not the name ("just this once, start the weekly review at 4:30").
bool repeat_changed(const std::vector<Token>& tokens,
                    const std::optional<time::TimeExpression>& when) {
  if (!when || when->rrule.empty()) return false;
  std::size_t last = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (in_span(tokens[k], when)) last = k;
  }
  constexpr std::array<std::string_view, 7> free_after = {"now",      "instead", "from", "going",
                                                          "starting", "please",  "pls"};
  const bool adjective = last + 1 < tokens.size() && !in(tokens[last + 1].word, free_after);
  return !adjective || std::count_if(tokens.begin(), tokens.end(),
                                     [&](const Token& t) { return in_span(t, when); }) > 1;
}

// "today's daily sync", "the weekly with olga this tuesday": a day said beside the recurrence
// that names the event ("delete the weekly reminder" says none).
bool says_a_day(const std::vector<Token>& tokens, const std::optional<time::TimeExpression>& when) {
  if (!when) return false;
  if (when->rrule.empty()) return true;
  constexpr std::array<std::string_view, 21> days = {
      "today",  "todays",    "tomorrow", "tomorrows", "tonight",  "tonights", "this",
      "next",   "monday",    "tuesday",  "wednesday", "thursday", "friday",   "saturday",
      "sunday", "yesterday", "first",    "second",    "third",    "last",     "week"};
  return std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
    return in_span(t, when) && (in(t.word, days) || is_number(t.word));
  });
}

// A phrase's tokens from k, if the phrase ("for good", "this once") starts there; else 0.
std::size_t phrase_at(const std::vector<Token>& tokens, std::size_t k, std::string_view phrase) {
  std::size_t n = 0;
  while (!phrase.empty()) {
    const auto space = phrase.find(' ');
    const auto word = phrase.substr(0, space);
    if (k + n >= tokens.size() || tokens[k + n].word != word) return 0;
    ++n;
    phrase = space == std::string_view::npos ? std::string_view{} : phrase.substr(space + 1);
  }
  return n;
}

// Of a repeating event, is one occurrence meant or the whole series? "skip monday's standup",
// "cancel the sync just this once": one; "cancel the standup for good", "move all the standups
// to 9:30", "make the sync biweekly": the series. Slot `scope`: "occurrence" or "series", left
// out when nothing says (the dialogue asks if the event repeats). The words that say it leave
// the title.
void extract_scope(Context& c, bool day_said, bool repeat_changed) {
  constexpr std::array<std::string_view, 19> whole = {"every",
                                                      "series",
                                                      "for good",
                                                      "from now on",
                                                      "going forward",
                                                      "permanently",
                                                      "forever",
                                                      "anymore",
                                                      "any more",
                                                      "no more",
                                                      "altogether",
                                                      "all future",
                                                      "from here on",
                                                      "entirely",
                                                      "whole thing",
                                                      "remaining",
                                                      "from next week on",
                                                      "starting next week",
                                                      "from next month on"};
  constexpr std::array<std::string_view, 10> single = {"just",      "only",   "this once", "once",
                                                       "this time", "next",   "upcoming",  "skip",
                                                       "skipping",  "one off"};
  constexpr std::array<std::string_view, 7> many = {"all",      "recurring", "standups", "syncs",
                                                    "meetings", "sessions",  "stop"};
  constexpr std::array<std::string_view, 9> said_only = {
      "series",  "for good",   "from now on", "going forward", "permanently",
      "forever", "altogether", "just",        "this once"};
  bool series = false, one = false, plural = false;
  for (std::size_t k = 0; k < c.tokens.size(); ++k) {
    for (const auto phrase : whole) series = series || phrase_at(c.tokens, k, phrase) > 0;
    for (const auto phrase : single) one = one || phrase_at(c.tokens, k, phrase) > 0;
    plural = plural || in(c.tokens[k].word, many);
    for (const auto phrase : said_only) {
      const std::size_t n = phrase_at(c.tokens, k, phrase);
      for (std::size_t j = k; j < k + n; ++j) c.tokens[j].removed = true;
    }
  }
  if (series) {
    c.slots["scope"] = "series";
  } else if (one) {
    c.slots["scope"] = "occurrence";
  } else if (repeat_changed) {
    c.slots["scope"] = "series";
  } else if (day_said) {
    c.slots["scope"] = "occurrence";
  } else if (plural) {
    c.slots["scope"] = "series";
  }
}

// "make the standup every monday", "change the gym reminder to daily": a recurrence given to
// something that exists.
bool recurrence_change(const std::vector<Token>& tokens,
                       const std::optional<time::TimeExpression>& when) {
  if (!when || when->rrule.empty()) return false;
  constexpr std::array<std::string_view, 8> courtesy = {"please", "can",  "could", "you",
                                                        "ok",     "okay", "um",    "also"};
  std::size_t k = 0;
  while (k < tokens.size() && in(tokens[k].word, courtesy)) ++k;
  constexpr std::array<std::string_view, 4> verbs = {"make", "change", "switch", "turn"};
  constexpr std::array<std::string_view, 6> existing = {"the", "my", "it", "our", "this", "that"};
  return k + 1 < tokens.size() && in(tokens[k].word, verbs) && in(tokens[k + 1].word, existing);
}

// "make the weekly standup biweekly": a change names the old recurrence first, the new one
// last.
void prefer_last_recurrence(std::string_view text, std::optional<time::TimeExpression>& when,
                            Timestamp now, const std::string& tz) {
  if (!when || when->rrule.empty()) return;
  auto later = time::resolve(blanked(text, when->begin + when->length, text.size()), now, tz);
  if (later && !later->rrule.empty()) when = std::move(later);
}

// Text in double quotes is the title as said: "add \"book the venue\" to my tasks".
std::string quoted(std::string_view text) {
  for (const std::string_view mark : {"\"", "\xE2\x80\x9C"}) {
    const auto open = text.find(mark);
    if (open == std::string_view::npos) continue;
    const std::string_view close = mark == "\"" ? "\"" : "\xE2\x80\x9D";
    const auto end = text.find(close, open + mark.size());
    if (end == std::string_view::npos) continue;
    const auto inside = text.substr(open + mark.size(), end - open - mark.size());
    if (inside.find_first_not_of(' ') != std::string_view::npos) return valid_utf8(inside);
  }
  return "";
}

// "wake me up at seven", "alarm for 6:30": the resolver reads a bare 1..7 as pm (people rarely
// schedule 3 am), but alarms are set for the morning. Unless am/pm or a part of day was said,
// take the morning time, the next one still ahead.
void prefer_morning_for_alarms(const std::vector<Token>& tokens, Understanding& result,
                               Timestamp now, const std::string& tz) {
  if (!result.time || !result.time->time_given || !result.time->rrule.empty()) return;
  // "get me up at six", "make sure i'm up by seven": woken, as by an alarm.
  const auto woken = [&](std::size_t k) {
    return k > 0 && tokens[k].word == "up" &&
           (tokens[k - 1].word == "me" || tokens[k - 1].word == "im" || tokens[k - 1].word == "am");
  };
  bool alarm = false;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const auto& w = tokens[k].word;
    alarm = alarm || w == "wake" || w == "alarm" || w == "alarms" || woken(k);
  }
  if (!alarm) return;
  auto& when = *result.time;
  for (const auto& token : tokens) {
    if (!in_span(token, result.time)) continue;
    constexpr std::array<std::string_view, 9> explicit_half = {
        "am", "pm", "afternoon", "evening", "night", "tonight", "noon", "p", "in"};
    if (in(token.word, explicit_half) || token.word.ends_with("pm") || token.word.ends_with("am")) {
      return;
    }
  }
  const auto local = date::make_zoned(tz, when.start).get_local_time();
  const auto hour = date::make_time(local - date::floor<date::days>(local)).hours().count();
  if (hour < 13 || hour > 19) return;
  auto shift = std::chrono::hours{-12};
  if (when.start + shift <= now) shift += std::chrono::hours{24};
  when.start += shift;
  if (when.end) *when.end += shift;
}

// "set an alarm for 7", "wake me up for six thirty": with an alarm, a bare number after "for"
// is a clock time, which the resolver alone cannot know ("a table for 7" is not); so is one
// after "to" when moving something ("move it to 10"). Resolves the text again with that
// preposition read as "at" (padded to the same length, so byte spans stay valid). And "mark
// the twentieth as my day off" marks a day, read as "on the twentieth".
std::optional<time::TimeExpression> implied_time(std::string_view text,
                                                 const std::vector<Token>& tokens, Timestamp now,
                                                 const std::string& tz) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].word != "mark" || tokens[i].end - tokens[i].begin != 4 ||
        tokens[i + 1].word != "the") {
      continue;
    }
    std::string again(text);
    again.replace(tokens[i].begin, 4, "on  ");
    auto when = time::resolve(again, now, tz);
    if (!when || when->time_given || when->grain != time::Grain::day) continue;
    std::size_t as = i + 1;
    while (as < tokens.size() && tokens[as].begin < when->begin + when->length) ++as;
    if (marks_a_day(tokens, as)) return when;
  }
  const auto said = [&](std::initializer_list<std::string_view> words) {
    return std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
      return std::find(words.begin(), words.end(), t.word) != words.end();
    });
  };
  std::string_view preposition;
  if (said({"alarm", "alarms", "wake"})) {
    preposition = "for";
  } else if (said({"move", "push", "reschedule", "shift", "bump", "postpone", "change", "moved",
                   "pushed", "rescheduled", "changed"})) {
    preposition = "to";
  } else {
    return std::nullopt;
  }
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    const std::size_t length = tokens[i].end - tokens[i].begin;
    if (tokens[i].word != preposition || length != preposition.size() ||
        !is_clock_number(tokens[i + 1].word)) {
      continue;
    }
    std::string again(text);
    again.replace(tokens[i].begin, length, std::string("at").append(length - 2, ' '));
    auto when = time::resolve(again, now, tz);
    if (when && when->time_given) return when;
    return std::nullopt;
  }
  return std::nullopt;
}

// `prefix` is lower case.
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[k])) != prefix[k]) return false;
  }
  return true;
}

// "rename buy milk to buy oat milk", "change the title of the report to final report": the
// title left over names the item, then " to " the new name.
bool is_rename(const std::vector<Token>& tokens) {
  return std::any_of(tokens.begin(), tokens.end(), [](const Token& t) {
    return t.word == "rename" || t.word == "title" || t.word == "name";
  });
}

void split_rename(json& slots) {
  if (!slots.contains("title")) return;
  std::string title = slots["title"];
  for (const std::string_view lead : {"the title of ", "title of ", "the name of ", "name of "}) {
    if (starts_with_ignoring_case(title, lead)) title.erase(0, lead.size());
  }
  const auto to = title.rfind(" to ");
  if (to == std::string::npos || to == 0 || to + 4 >= title.size()) return;
  std::string item = title.substr(0, to);
  for (const std::string_view lead : {"the ", "my "}) {
    if (starts_with_ignoring_case(item, lead)) item.erase(0, lead.size());
  }
  if (item.empty()) return;
  slots["title"] = item;
  slots["new_title"] = title.substr(to + 4);
}

// "make buy milk high priority", "set the report to urgent": a priority said last, after
// the thing, with "make"/"set"/"mark"/"change" first, changes a todo that exists ("make a
// high priority task to call bob" creates one).
bool priority_is_the_change(const std::vector<Token>& tokens, const std::vector<Match>& hits) {
  constexpr std::array<std::string_view, 5> verbs = {"make", "set", "mark", "change", "bump"};
  const auto first = std::find_if(hits.begin(), hits.end(), [](const Match& m) {
    return m.command && dominant_action(m.cue->w) != Action::none;
  });
  if (first == hits.end() || !in(first->cue->phrase, verbs)) return false;
  std::size_t end = tokens.size();
  while (end > 0 && (tokens[end - 1].word == "please" || tokens[end - 1].word == "now")) --end;
  if (end > 0 && (tokens[end - 1].word == "priority" || tokens[end - 1].word == "prio")) --end;
  constexpr std::array<std::string_view, 11> levels = {
      "high", "low", "urgent", "top", "normal", "medium", "p0", "p1", "p2", "p3", "p4"};
  if (end == 0 || !in(tokens[end - 1].word, levels)) return false;
  std::size_t level = end - 1;
  if (level > 0 && (tokens[level - 1].word == "a" || tokens[level - 1].word == "an")) --level;
  if (level > 0 && (tokens[level - 1].word == "to" || tokens[level - 1].word == "as")) --level;
  // Something must be named between the verb and the priority.
  return level > first->at + first->length;
}

// "set a uh no no cancel my alarm", "add milk, i mean, remind me to buy milk", "what time is
// sunrise, never mind, just set an alarm for six": a speaker who corrects themself or drops a
// question means the request after it.
struct Correction {
  std::size_t marker;   // where the correction is said ("no wait")
  std::size_t request;  // where the request meant begins
};

std::optional<Correction> corrected_request(const std::vector<Token>& tokens) {
  static const std::vector<std::vector<std::string>> corrections = {{"no", "no"},
                                                                    {"no", "wait"},
                                                                    {"wait", "no"},
                                                                    {"i", "mean"},
                                                                    {"i", "meant"},
                                                                    {"scratch", "that"},
                                                                    {"never", "mind"},
                                                                    {"nevermind"},
                                                                    {"anyway"},
                                                                    {"anyways"},
                                                                    {"forget", "that"},
                                                                    {"forget", "it"},
                                                                    {"no", "actually"},
                                                                    {"actually", "no"},
                                                                    {"hang", "on"},
                                                                    {"oh", "wait"},
                                                                    {"on", "second", "thought"}};
  constexpr std::array<std::string_view, 6> fillers = {"um", "uh", "just", "then", "please", "so"};
  std::optional<Correction> from;
  for (std::size_t k = 1; k < tokens.size(); ++k) {
    for (const auto& words : corrections) {
      if (!matches(tokens, k, words)) continue;
      std::size_t next = k + words.size();
      while (next < tokens.size() && in(tokens[next].word, fillers)) ++next;
      const auto cues =
          next < tokens.size() ? cue_index().find(tokens[next].word) : cue_index().end();
      if (cues == cue_index().end()) continue;
      const bool asks = std::any_of(cues->second.begin(), cues->second.end(), [&](const auto& c) {
        const Action a = dominant_action(c.cue->w);
        // "forget that reminder": a thing named, not a new request.
        const Weights& w = c.cue->w;
        const bool acts = std::max({w.create, w.update, w.complete, w.remove}) >= 1;
        return matches(tokens, next, c.words) && a != Action::none && a != Action::list && acts;
      });
      if (asks) from = Correction{k, next};
    }
  }
  return from;
}

// "add carrots to the list, actually no, make it potatoes", "remind me at five, no wait, make it
// six pm": "make it" changes what the first request asked for, and nothing that exists.
Understanding corrected(std::string_view text, const std::vector<Token>& tokens,
                        const Correction& correction, Timestamp now, const std::string& tz) {
  auto meant = understand(text.substr(tokens[correction.request].begin), now, tz);
  const std::size_t k = correction.request;
  const bool replaces = k + 1 < tokens.size() && tokens[k].word == "make" &&
                        (tokens[k + 1].word == "it" || tokens[k + 1].word == "that");
  if (!replaces || !meant.intent.starts_with("update_")) return meant;
  auto first = understand(text.substr(0, tokens[correction.marker].begin), now, tz);
  if (!first.intent.starts_with("create_")) return meant;
  if (meant.time) {
    first.time = meant.time;
  } else if (meant.slots.contains("title")) {
    first.slots["title"] = meant.slots["title"];
    first.slots.erase("items");
  }
  return first;
}

}  // namespace

Understanding understand(std::string_view utterance, Timestamp now, const std::string& tz) {
  const std::string_view text = utterance.substr(0, std::min(utterance.size(), kMaxBytes));
  auto tokens = tokenize(text);
  if (const auto correction = corrected_request(tokens)) {
    return corrected(text, tokens, *correction, now, tz);
  }
  Understanding result;
  result.time = time::resolve(text, now, tz);
  if (!result.time) result.time = implied_time(text, tokens, now, tz);
  const Scored scored = score_cues(text, tokens, result.time);

  json slots = json::object();
  Context c{text, tokens, result.time, slots};
  extract_status(c);
  const auto ordinal = find_ordinal(c);
  const auto ranked = candidates(scored, result.time, now, slots.value("status", ""),
                                 ordinal.has_value(), ordinal && names_a_kind(tokens, *ordinal));
  result.intent = std::string(ranked[0].intent);
  result.confidence = confidence_of(ranked[0].score, ranked[1].score);
  if (result.intent == "create_todo" && priority_is_the_change(tokens, scored.hits)) {
    result.intent = "update_todo";
  }
  extract_persons(c);
  if (scored.vocative) drop_vocative_from_persons(c);
  if (const auto change = attendee_change(c); !change.empty() && !scored.delegated) {
    result.intent = "update_event";
    slots["attendees"] = change;
  }
  if (result.intent.starts_with("create_") && recurrence_change(tokens, result.time)) {
    result.intent = "update_event";
  }
  if (result.intent == "update_event") prefer_last_recurrence(text, result.time, now, tz);
  const std::string_view intent = result.intent;

  if (intent == "none" || intent == "help" || intent == "transfer_to_human") {
    result.time.reset();
    return result;
  }
  if (intent != "list_todos") slots.erase("status");
  // "rename the standup to daily sync": the new name's words are no time.
  const bool renaming = intent.starts_with("update_") && is_rename(tokens);
  if (renaming) result.time.reset();
  strip_commands(tokens, scored.hits, intent);
  if (action_of(intent) != Action::list) {
    for (std::size_t k = 0; k < scored.request_from; ++k) tokens[k].removed = true;
  }
  if (scored.vocative) {
    for (auto& token : tokens) {
      token.removed = true;
      if (!before_vocative(token.word)) break;  // the name after the greeting
    }
  }
  // "turn the seven am alarm off": the verb split around its object goes from the title too.
  if (intent.starts_with("delete_")) {
    const bool off =
        std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.word == "off"; });
    for (auto& token : tokens) {
      if (off && (token.word == "turn" || token.word == "switch")) token.removed = true;
    }
  }
  if (intent == "create_reminder") {
    prefer_morning_for_alarms(tokens, result, now, tz);
    if (!result.time) extract_condition(c);
  }
  if (scored.day_marked) {  // "mark friday as a holiday": the holiday
    for (auto& token : tokens) {
      if (token.word == "mark" || token.word == "marked" || token.word == "as")
        token.removed = true;
    }
  }
  if (intent == "update_event" || intent == "update_todo" || intent.starts_with("delete_")) {
    extract_item_time(c, result.time, intent, now, tz);
  }
  bool moved = false;
  if ((intent == "update_event" || intent == "update_todo") && !slots.contains("starts_at") &&
      !renaming) {
    moved = take_move_target(c, result.time, now, tz);
  }
  if (intent == "update_event" || intent == "update_todo") extract_shift(c, result.time);
  if (intent == "update_event" || intent == "delete_event") {
    // A move's time is the new one; any other time says which occurrence.
    const bool day_said = slots.contains("occurs_on") || slots.contains("starts_at") ||
                          (!moved && says_a_day(tokens, result.time));
    extract_scope(c, day_said, intent == "update_event" && repeat_changed(tokens, result.time));
  }
  if (ordinal && is_item_intent(intent)) {
    slots["ordinal"] = ordinal->value;
    for (const auto k : ordinal->words) tokens[k].removed = true;
  }
  extract_assignee(c);
  drop_assignee_from_persons(slots);
  extract_team(c);
  if (slots.contains("guest_team")) slots.erase("team");  // the guests, not whose event it is
  extract_list_name(c);
  extract_priority(c);
  extract_location(c);
  const bool lists = intent.starts_with("list_");
  if (!lists) {
    auto title = quoted(text);
    if (title.empty()) {
      const auto words = title_tokens(c);
      title = joined(c, words);
      if (intent == "create_todo") {
        auto items = enumerated_items(c, words);
        if (!items.empty()) slots["items"] = std::move(items);
      }
    }
    if (is_item_intent(intent) && title.empty()) extract_reference(c);
    const bool reference = title == "it" || title == "that" || title == "this";
    if (reference && is_item_intent(intent)) {
      slots["reference"] = title;
    } else if (!title.empty()) {
      slots["title"] = std::move(title);
    }
    if (renaming) split_rename(slots);
    // "i need to be at the school at three": where to be is all that names it.
    if (intent.starts_with("create_") && !slots.contains("title") && slots.contains("location")) {
      slots["title"] = slots["location"];
    }
  }
  if (result.time) {
    if (result.time->duration) slots["duration_minutes"] = result.time->duration->count();
    if (!result.time->rrule.empty()) slots["rrule"] = result.time->rrule;
  }
  result.slots = std::move(slots);
  return result;
}

json to_json(const Understanding& understanding) {
  json time = nullptr;
  if (understanding.time) {
    const auto& t = *understanding.time;
    time = {{"start", format_rfc3339(t.start)},
            {"end", t.end ? json(format_rfc3339(*t.end)) : json(nullptr)},
            {"grain", time::grain_name(t.grain)}};
  }
  return {{"intent", understanding.intent},
          {"confidence", std::round(understanding.confidence * 1000.0) / 1000.0},
          {"slots", understanding.slots},
          {"time", time}};
}

}  // namespace convonet::assistant::nlu
