#pragma once
// How the assistant talks and listens for the short answers of a dialogue: times said the way
// people say them ("tomorrow at 2:30 PM"), lists ("a, b and c"), yes / no / cancel.
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/time.hpp"

namespace convonet::assistant::dialogue::detail {

// Lower case, punctuation to spaces, single spaces, trimmed: "Yes, please!" -> "yes please".
std::string normalize(std::string_view text);

// Short answers, on normalized text.
bool is_yes(std::string_view normalized);
bool is_no(std::string_view normalized);
// "cancel", "never mind", "forget it", "scratch that", "undo"...
bool is_cancel(std::string_view normalized);

// The local calendar day of an instant in a zone.
date::local_days local_day(Timestamp t, const date::time_zone& zone);

// "2 PM", "2:30 PM", "noon", "midnight".
std::string speak_clock(Timestamp t, const date::time_zone& zone);
// "today", "tomorrow", "yesterday", "on Friday" (within the coming week), "on December 3"
// (adding the year when it is not now's).
std::string speak_day(Timestamp t, Timestamp now, const date::time_zone& zone);
// speak_day + " at " + speak_clock.
std::string speak_when(Timestamp t, Timestamp now, const date::time_zone& zone);

// "every day", "every weekday", "every Monday and Thursday", "every other week", "every
// month"...; "repeatedly" for what it does not know how to say.
std::string speak_rrule(std::string_view rrule);

// "a", "a and b", "a, b and c"; past `limit` items: "a, b, c and 4 more".
std::string join_list(const std::vector<std::string>& items, std::size_t limit = 5);
// "1 todo", "3 todos".
std::string count_of(std::size_t n, std::string_view singular, std::string_view plural);

}  // namespace convonet::assistant::dialogue::detail
