#pragma once
// Validation of tool inputs against the JSON Schema each tool declares, so every caller (the
// dialogue, an LLM's tool call, an MCP client) gets the same clear errors. Supports the subset
// the registry's schemas use: type (incl. arrays of types such as ["string","null"]),
// properties, required, additionalProperties:false, enum, minLength/maxLength, minimum/maximum,
// items, maxItems, format "date-time" and "email".
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace convonet::assistant {

// Ok, or an unprocessable Error whose message names the offending location, e.g.
// "input.due_at must be an RFC 3339 date-time".
Status validate(const nlohmann::json& schema, const nlohmann::json& value,
                const std::string& where = "input");

}  // namespace convonet::assistant
