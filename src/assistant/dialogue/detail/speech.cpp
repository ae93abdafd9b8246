#include "assistant/dialogue/detail/speech.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace convonet::assistant::dialogue::detail {

namespace {

template <std::size_t N>
bool one_of(std::string_view text, const std::array<std::string_view, N>& phrases) {
  return std::find(phrases.begin(), phrases.end(), text) != phrases.end();
}

// Drops a polite "please" / "thanks" at either end so "yes please" counts as "yes".
std::string_view without_politeness(std::string_view text) {
  for (std::string_view word : {"please ", "ok ", "okay ", "oh "}) {
    if (text.starts_with(word)) text.remove_prefix(word.size());
  }
  for (std::string_view word : {" please", " thanks", " thank you", " then"}) {
    if (text.ends_with(word)) text.remove_suffix(word.size());
  }
  return text;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string month_name(unsigned month) {
  return std::string(kMonths.at(month - 1));
}

}  // namespace

std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (c == '\'') continue;  // "don't" -> "dont"
    const bool word = std::isalnum(c) != 0 || c >= 0x80;
    if (word) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool is_yes(std::string_view text) {
  static constexpr std::array<std::string_view, 22> kYes = {
      "yes",         "yeah",          "yep",         "yup",         "sure",       "ok",
      "okay",        "confirm",       "do it",       "go ahead",    "please do",  "correct",
      "right",       "absolutely",    "yes do it",   "of course",   "definitely", "affirmative",
      "sounds good", "that is right", "thats right", "yes go ahead"};
  return one_of(text, kYes) || one_of(without_politeness(text), kYes);
}

bool is_no(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kNo = {
      "no",      "nope",     "nah",     "dont",       "do not",    "no thanks",
      "not now", "negative", "no dont", "dont do it", "no do not", "no way"};
  return one_of(text, kNo) || one_of(without_politeness(text), kNo) || is_cancel(text);
}

bool is_cancel(std::string_view text) {
  static constexpr std::array<std::string_view, 16> kCancel = {
      "cancel",      "cancel that",   "cancel it",   "never mind",     "nevermind", "forget it",
      "forget that", "scratch that",  "undo",        "undo that",      "stop",      "abort",
      "no cancel",   "no never mind", "cancel this", "forget about it"};
  return one_of(text, kCancel) || one_of(without_politeness(text), kCancel);
}

date::local_days local_day(Timestamp t, const date::time_zone& zone) {
  return date::floor<date::days>(zone.to_local(t));
}

std::string speak_clock(Timestamp t, const date::time_zone& zone) {
  const auto local = zone.to_local(t);
  const date::hh_mm_ss clock{local - date::floor<date::days>(local)};
  const auto hour = clock.hours().count();
  const auto minute = clock.minutes().count();
  if (minute == 0 && hour == 12) return "noon";
  if (minute == 0 && hour == 0) return "midnight";
  std::string text = std::to_string(hour % 12 == 0 ? 12 : hour % 12);
  if (minute != 0) {
    text += minute < 10 ? ":0" : ":";
    text += std::to_string(minute);
  }
  text += hour < 12 ? " AM" : " PM";
  return text;
}

std::string speak_day(Timestamp t, Timestamp now, const date::time_zone& zone) {
  const auto day = local_day(t, zone);
  const auto today = local_day(now, zone);
  const auto offset = (day - today).count();
  if (offset == 0) return "today";
  if (offset == 1) return "tomorrow";
  if (offset == -1) return "yesterday";
  const date::year_month_day ymd{day};
  if (offset > 1 && offset < 7) {
    static constexpr std::array<std::string_view, 7> kWeekdays = {
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    std::string text = "on ";
    text += kWeekdays.at(date::weekday{day}.c_encoding());
    return text;
  }
  std::string text = "on " + month_name(static_cast<unsigned>(ymd.month()));
  text += ' ';
  text += std::to_string(static_cast<unsigned>(ymd.day()));
  if (ymd.year() != date::year_month_day{today}.year()) {
    text += ", ";
    text += std::to_string(static_cast<int>(ymd.year()));
  }
  return text;
}

std::string speak_when(Timestamp t, Timestamp now, const date::time_zone& zone) {
  std::string text = speak_day(t, now, zone);
  text += " at ";
  text += speak_clock(t, zone);
  return text;
}

std::string speak_rrule(std::string_view rrule) {
  std::string freq, byday;
  int interval = 1;
  while (!rrule.empty()) {
    const auto end = rrule.find(';');
    const std::string_view part = rrule.substr(0, end);
    rrule = end == std::string_view::npos ? std::string_view{} : rrule.substr(end + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const auto key = part.substr(0, eq);
    const auto value = part.substr(eq + 1);
    if (key == "FREQ") freq = value;
    if (key == "BYDAY") byday = value;
    if (key == "INTERVAL") interval = std::max(1, std::atoi(std::string(value).c_str()));
  }
  static const std::array<std::pair<std::string_view, std::string_view>, 7> kDays = {
      {{"MO", "Monday"},
       {"TU", "Tuesday"},
       {"WE", "Wednesday"},
       {"TH", "Thursday"},
       {"FR", "Friday"},
       {"SA", "Saturday"},
       {"SU", "Sunday"}}};
  const auto every = [&](std::string_view unit, std::string_view units) {
    if (interval == 1) return "every " + std::string(unit);
    if (interval == 2) return "every other " + std::string(unit);
    return "every " + std::to_string(interval) + " " + std::string(units);
  };
  if (freq == "WEEKLY" && !byday.empty() && interval == 1) {
    if (byday == "MO,TU,WE,TH,FR") return "every weekday";
    if (byday == "SA,SU") return "every weekend";
    std::vector<std::string> days;
    for (const auto& [code, name] : kDays) {
      if (byday.find(code) != std::string::npos) days.emplace_back(name);
    }
    return "every " + join_list(days, 7);
  }
  if (freq == "DAILY") return every("day", "days");
  if (freq == "WEEKLY") return every("week", "weeks");
  if (freq == "MONTHLY") return every("month", "months");
  if (freq == "YEARLY") return every("year", "years");
  if (freq == "HOURLY") return every("hour", "hours");
  return "repeatedly";
}

std::string join_list(const std::vector<std::string>& items, std::size_t limit) {
  const std::size_t shown = std::min(items.size(), limit);
  const std::size_t more = items.size() - shown;
  std::string text;
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) text += (i + 1 == shown && more == 0) ? " and " : ", ";
    text += items[i];
  }
  if (more > 0) {
    text += " and ";
    text += std::to_string(more);
    text += " more";
  }
  return text;
}

std::string count_of(std::size_t n, std::string_view singular, std::string_view plural) {
  std::string text = std::to_string(n);
  text += ' ';
  text += n == 1 ? singular : plural;
  return text;
}

}  // namespace convonet::assistant::dialogue::detail
