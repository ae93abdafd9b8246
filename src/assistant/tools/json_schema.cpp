#include "assistant/tools/json_schema.hpp"

#include "core/text.hpp"
#include "core/time.hpp"

namespace convonet::assistant {

namespace {

using nlohmann::json;

bool has_type(const json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  if (type == "null") return value.is_null();
  return false;
}

Error invalid(const std::string& where, const std::string& what) {
  return Error::unprocessable(where + " " + what, "invalid_input");
}

Status check_type(const json& schema, const json& value, const std::string& where) {
  const auto it = schema.find("type");
  if (it == schema.end()) return {};
  if (it->is_string()) {
    if (!has_type(value, *it)) return invalid(where, "must be of type " + it->get<std::string>());
    return {};
  }
  std::string names;
  for (const auto& type : *it) {
    if (has_type(value, type)) return {};
    names += (names.empty() ? "" : " or ") + type.get<std::string>();
  }
  return invalid(where, "must be of type " + names);
}

Status check_string(const json& schema, const std::string& text, const std::string& where) {
  const auto length = utf8_length(text);
  if (auto it = schema.find("minLength"); it != schema.end() && length < it->get<std::size_t>()) {
    return invalid(where,
                   "must be at least " + std::to_string(it->get<std::size_t>()) + " characters");
  }
  if (auto it = schema.find("maxLength"); it != schema.end() && length > it->get<std::size_t>()) {
    return invalid(where,
                   "must be at most " + std::to_string(it->get<std::size_t>()) + " characters");
  }
  if (auto it = schema.find("format"); it != schema.end()) {
    if (*it == "date-time" && !parse_rfc3339(text)) {
      return invalid(where, "must be an RFC 3339 date-time like 2026-11-24T14:00:00Z");
    }
    if (*it == "email" && !normalize_email(text)) return invalid(where, "must be an email address");
  }
  return {};
}

Status check_number(const json& schema, const json& value, const std::string& where) {
  const double number = value.get<double>();
  if (auto it = schema.find("minimum"); it != schema.end() && number < it->get<double>()) {
    return invalid(where, "must be at least " + it->dump());
  }
  if (auto it = schema.find("maximum"); it != schema.end() && number > it->get<double>()) {
    return invalid(where, "must be at most " + it->dump());
  }
  return {};
}

Status check_object(const json& schema, const json& value, const std::string& where) {
  const auto properties = schema.value("properties", json::object());
  if (auto it = schema.find("required"); it != schema.end()) {
    for (const auto& name : *it) {
      if (!value.contains(name.get<std::string>())) {
        return invalid(where + "." + name.get<std::string>(), "is required");
      }
    }
  }
  const bool closed =
      schema.contains("additionalProperties") && schema["additionalProperties"] == false;
  for (const auto& [name, field] : value.items()) {
    const auto property = properties.find(name);
    if (property == properties.end()) {
      if (closed) return invalid(where + "." + name, "is not a known field");
      continue;
    }
    if (auto ok = validate(*property, field, where + "." + name); !ok) return ok;
  }
  return {};
}

Status check_array(const json& schema, const json& value, const std::string& where) {
  if (auto it = schema.find("maxItems");
      it != schema.end() && value.size() > it->get<std::size_t>()) {
    return invalid(where, "has more than " + std::to_string(it->get<std::size_t>()) + " items");
  }
  if (auto items = schema.find("items"); items != schema.end()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto ok = validate(*items, value[i], where + "[" + std::to_string(i) + "]"); !ok)
        return ok;
    }
  }
  return {};
}

}  // namespace

Status validate(const json& schema, const json& value, const std::string& where) {
  if (auto ok = check_type(schema, value, where); !ok) return ok;
  if (auto it = schema.find("enum"); it != schema.end()) {
    if (std::find(it->begin(), it->end(), value) == it->end()) {
      std::string options;
      for (const auto& option : *it) options += (options.empty() ? "" : ", ") + option.dump();
      return invalid(where, "must be one of " + options);
    }
  }
  if (value.is_string()) return check_string(schema, value.get_ref<const std::string&>(), where);
  if (value.is_number()) return check_number(schema, value, where);
  if (value.is_object()) return check_object(schema, value, where);
  if (value.is_array()) return check_array(schema, value, where);
  return {};
}

}  // namespace convonet::assistant
