#pragma once
// Deterministic, offline language understanding: which tool an utterance asks for, and the
// slots that tool needs.
//
// The utterance is split into lower-case word tokens (ASR text and typed text alike). A small
// table of cue phrases adds weights along two axes, the action (create, list, update,
// complete, delete) and the object (todo, event, reminder, team, team members), plus three
// outside intents (transfer_to_human, help, chit-chat). The intent is the best action paired
// with the best object; confidence comes from the score and the margin to the runner-up. Verbs
// in the command part at the start count fully, verbs inside the content ("remind me to book
// flights") count less and stay in the title. A time said first ("on friday remind me ...")
// and a name the assistant is called by ("jarvis, add ...") do not end the command part; the
// name leaves the title. The date/time resolver finds the time
// expression; slots come from short patterns around prepositions ("with John", "for the sales
// team", "at the office"), and the title is what is left once time words, filler, command words
// and slot phrases are cut out (only the words of the time's pieces, when a day and a time were
// said apart). People are found by their place ("with", "ask", "send ... to", "me and", a
// possessive) and told from everyday words by an English word list built into the library
// (Debian's wamerican): "send the slides to fatima" names a person, "send them to finance" does
// not. Typed chat is read as such: a label before a colon ("todo: ...", "task for marketing:
// ...") says what to make, a quoted title's words ask for nothing, a closing "?" asks, and a
// capital is no evidence of a name at the start of a sentence or a quote, after an article
// ("the Lisbon trip"), before "Corp"/"Inc" or before a common noun ("for Jira cleanup").
// One call takes about 10-15 us (-O2, a loop over 27,000 utterances).
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "assistant/time/resolver.hpp"
#include "core/time.hpp"

namespace convonet::assistant::nlu {

struct Understanding {
  // A tool name (create_reminder, create_todo, list_todos, update_todo, complete_todo,
  // delete_todo, create_event, list_events, update_event, delete_event, list_teams,
  // list_team_members, transfer_to_human) or "help" or "none".
  std::string intent;
  double confidence = 0;  // 0..1
  // Only the slots that were said: title, new_title (a rename), persons (array), assignee,
  // team, priority, list_name, location, duration_minutes, rrule, status, ordinal, reference,
  // items (array: "milk, eggs and bread", one todo each), attendees ("add" or "remove": the
  // persons, or the members of guest_team, join or leave the event named by the title),
  // guest_team ("invite the design team to the sync"), guest_pronoun ("him", "her" or "them":
  // "take her off the invite", the person named before in the conversation), shift_minutes (a
  // move relative to the item's time, later when positive: "push it back an hour"),
  // extend_minutes (a change of an event's length, longer when positive: "make it 15 minutes
  // longer"), starts_at (RFC 3339: the item meant starts then; "move my 3pm to 4", "cancel my
  // 4:30"), condition (a reminder's "when" clause that names no time: "when i get home" in
  // "remind me when i get home to water the plants"), scope (update_event, delete_event:
  // "occurrence" when one occurrence of a repeating event is meant, "cancel monday's
  // standup", "skip it just this once"; "series" when all of them are, "cancel the standup for
  // good", "make the sync biweekly"; left out when nothing says), occurs_on (RFC 3339: a move's
  // item is on that day, "move monday's standup to 11"). On update_event, rrule is the new
  // recurrence ("make the standup biweekly").
  nlohmann::json slots = nlohmann::json::object();
  std::optional<time::TimeExpression> time;
};

// Never throws for any bytes in `utterance`. Throws std::invalid_argument if tz is not a known
// IANA zone (as time::resolve does): validate zones at the boundary.
Understanding understand(std::string_view utterance, Timestamp now, const std::string& tz);

// {"intent", "confidence", "slots": {...}, "time": {"start", "end", "grain"} | null}
nlohmann::json to_json(const Understanding& understanding);

}  // namespace convonet::assistant::nlu
