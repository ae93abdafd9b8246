#pragma once
// The dialogue's memory between turns, persisted as one JSON document per conversation: what
// the assistant is waiting for, and which items "it", "that" and "the second one" mean.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace convonet::assistant::dialogue::detail {

// A todo or an event the user can point back at.
struct Item {
  std::string kind;  // "todo" | "event"
  std::int64_t id = 0;
  std::string title;
  std::optional<std::int64_t> event_id;  // a todo's linked event: together, a reminder
  std::optional<std::string> when;       // RFC 3339: an event's start, a todo's due time
  std::string rrule;                     // an event's recurrence; empty: it happens once
  // A repeating event's one occurrence meant (RFC 3339 start): a change or a cancellation
  // applies to it alone. Unset: the whole series.
  std::optional<std::string> occurrence;
};

// An action waiting for the user: a missing slot, a choice, or a yes/no.
struct Pending {
  std::string intent;                               // the tool it leads to, e.g. "create_event"
  std::string awaiting;                             // title|time|choice|confirmation|email|team
  nlohmann::json input = nlohmann::json::object();  // the tool input gathered so far
  std::vector<Item> targets;  // confirmation: what it applies to; choice: the candidates
  nlohmann::json extra = nlohmann::json::object();  // e.g. {"day": RFC 3339} or {"person"}
};

struct State {
  std::optional<Pending> pending;
  std::vector<Item> focus;                // the items last listed or acted on, in the order spoken
  std::vector<Item> last_created;         // what the previous turn created: "cancel that" undoes it
  std::string last_intent;                // the last action on existing items: "and the second one"
  std::vector<std::string> last_persons;  // the people named last: "take her off the invite"
};

nlohmann::json to_json(const State& state);
// Never fails: a missing or unreadable document is a fresh state (the state is a convenience,
// not a record; losing it only loses context).
State parse_state(std::string_view text);

}  // namespace convonet::assistant::dialogue::detail
