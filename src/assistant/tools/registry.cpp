#include "assistant/tools/registry.hpp"

#include <stdexcept>

#include "assistant/tools/json_schema.hpp"

namespace convonet::assistant {

namespace {

bool is_object_schema(const nlohmann::json& schema) {
  return schema.is_object() && schema.value("type", "") == "object";
}

}  // namespace

void ToolRegistry::add(Tool tool) {
  if (tool.name.empty() || find(tool.name) != nullptr) {
    throw std::invalid_argument("tool name empty or registered twice: " + tool.name);
  }
  if (!is_object_schema(tool.input_schema) || !is_object_schema(tool.output_schema)) {
    throw std::invalid_argument("tool " + tool.name + " needs object input and output schemas");
  }
  if (!tool.handler) throw std::invalid_argument("tool " + tool.name + " has no handler");
  tools_.push_back(std::move(tool));
}

const Tool* ToolRegistry::find(std::string_view name) const {
  for (const auto& tool : tools_) {
    if (tool.name == name) return &tool;
  }
  return nullptr;
}

Result<nlohmann::json> ToolRegistry::call(std::string_view name, const Principal& principal,
                                          const nlohmann::json& input) const {
  const Tool* tool = find(name);
  if (tool == nullptr)
    return Error::not_found("no tool named " + std::string(name), "unknown_tool");
  if (auto ok = validate(tool->input_schema, input); !ok) return ok.error();
  return tool->handler(principal, input);
}

nlohmann::json ToolRegistry::openai_tools() const {
  auto list = nlohmann::json::array();
  for (const auto& tool : tools_) {
    list.push_back({{"type", "function"},
                    {"function",
                     {{"name", tool.name},
                      {"description", tool.description},
                      {"parameters", tool.input_schema}}}});
  }
  return list;
}

}  // namespace convonet::assistant
