#pragma once
// The one tool registry: each tool is declared once (name, description, JSON Schemas of its
// input and output, hints, handler). The dialogue, the optional LLM backend (OpenAI `tools`)
// and MCP (`tools/list`, `tools/call`) all read it. Handlers call the services, so roles and
// validation apply exactly as over REST.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/principal.hpp"
#include "core/result.hpp"

namespace convonet::assistant {

struct ToolHints {
  bool read_only = false;
  bool destructive = false;
  bool idempotent = false;
};

using ToolHandler =
    std::function<Result<nlohmann::json>(const Principal& principal, const nlohmann::json& input)>;

struct Tool {
  std::string name;         // snake_case, unique
  std::string title;        // short human name
  std::string description;  // what it does, for people and models
  nlohmann::json input_schema;
  nlohmann::json output_schema;  // the result is always a JSON object matching it
  ToolHints hints;
  ToolHandler handler;
};

// One tool call as a channel reports it: what ran, with what, and what came back.
struct ToolAction {
  std::string tool;
  nlohmann::json input;
  nlohmann::json result;  // the tool's output, or {"error": {"code", "message"}}
};

class ToolRegistry {
 public:
  // Throws std::invalid_argument for a duplicate name or a schema that is not an object schema:
  // both are wiring bugs.
  void add(Tool tool);
  const Tool* find(std::string_view name) const;
  const std::vector<Tool>& tools() const { return tools_; }

  // Validates input against the tool's schema, then runs it as the principal. Unknown tools
  // and invalid input are not_found / unprocessable errors; the handler's errors pass through.
  Result<nlohmann::json> call(std::string_view name, const Principal& principal,
                              const nlohmann::json& input) const;

  // The registry in OpenAI chat-completions `tools` format.
  nlohmann::json openai_tools() const;

 private:
  std::vector<Tool> tools_;
};

}  // namespace convonet::assistant
