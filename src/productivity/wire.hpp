#pragma once
// The JSON shape of productivity resources, shared by every channel (REST, assistant tools,
// MCP) so a todo looks the same wherever it is read.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/json_writer.hpp"
#include "core/time.hpp"
#include "productivity/events.hpp"
#include "productivity/teams.hpp"
#include "store/records.hpp"

namespace convonet::productivity {

nlohmann::json optional_time(const std::optional<Timestamp>& t);
nlohmann::json team_json(const productivity::TeamView& t);
nlohmann::json member_json(const store::Membership& m);
// Todos are rendered straight to text: listing them is the hottest path of the API.
void write_todo(JsonWriter& w, const store::Todo& t);
std::string todo_text(const store::Todo& t);
nlohmann::json event_json(const store::Event& e);
nlohmann::json occurrence_json(const productivity::EventOccurrence& o);

}  // namespace convonet::productivity
