#include "assistant/dialogue/detail/state.hpp"

namespace convonet::assistant::dialogue::detail {

using nlohmann::json;

namespace {

json item_json(const Item& item) {
  json j = {{"kind", item.kind}, {"id", item.id}, {"title", item.title}};
  if (item.event_id) j["event_id"] = *item.event_id;
  if (item.when) j["when"] = *item.when;
  if (!item.rrule.empty()) j["rrule"] = item.rrule;
  if (item.occurrence) j["occurrence"] = *item.occurrence;
  return j;
}

Item item_from(const json& j) {
  Item item;
  item.kind = j.at("kind").get<std::string>();
  item.id = j.at("id").get<std::int64_t>();
  item.title = j.at("title").get<std::string>();
  if (j.contains("event_id")) item.event_id = j["event_id"].get<std::int64_t>();
  if (j.contains("when")) item.when = j["when"].get<std::string>();
  item.rrule = j.value("rrule", "");
  if (j.contains("occurrence")) item.occurrence = j["occurrence"].get<std::string>();
  return item;
}

json items_json(const std::vector<Item>& items) {
  json list = json::array();
  for (const auto& item : items) list.push_back(item_json(item));
  return list;
}

std::vector<Item> items_from(const json& j, const char* key) {
  std::vector<Item> items;
  if (!j.contains(key)) return items;
  for (const auto& element : j.at(key)) items.push_back(item_from(element));
  return items;
}

}  // namespace

json to_json(const State& state) {
  json j = {{"focus", items_json(state.focus)},
            {"last_created", items_json(state.last_created)},
            {"last_intent", state.last_intent},
            {"last_persons", state.last_persons}};
  if (state.pending) {
    const auto& p = *state.pending;
    j["pending"] = {{"intent", p.intent},
                    {"awaiting", p.awaiting},
                    {"input", p.input},
                    {"targets", items_json(p.targets)},
                    {"extra", p.extra}};
  }
  return j;
}

State parse_state(std::string_view text) {
  State state;
  try {
    const json j = json::parse(text);
    state.focus = items_from(j, "focus");
    state.last_created = items_from(j, "last_created");
    state.last_intent = j.value("last_intent", "");
    state.last_persons = j.value("last_persons", std::vector<std::string>{});
    if (j.contains("pending")) {
      const auto& p = j["pending"];
      Pending pending;
      pending.intent = p.at("intent").get<std::string>();
      pending.awaiting = p.at("awaiting").get<std::string>();
      pending.input = p.at("input");
      pending.targets = items_from(p, "targets");
      pending.extra = p.at("extra");
      state.pending = std::move(pending);
    }
  } catch (const json::exception&) {
    return State{};
  }
  return state;
}

}  // namespace convonet::assistant::dialogue::detail
