// docs/openapi.yaml (served at /api/v1/openapi.yaml) must describe every route the server has.
#include <sstream>

#include "api/api_fixture.hpp"
#include "api/routes.hpp"

namespace convonet::testing {
namespace {

// The operations (lower-case methods) listed under one path of the YAML document.
std::vector<std::string> documented_methods(const std::string& yaml, const std::string& path) {
  std::istringstream lines(yaml);
  std::string line;
  bool inside = false;
  std::vector<std::string> methods;
  while (std::getline(lines, line)) {
    if (line == "  " + path + ":") {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (line.size() > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ') break;  // next path
    for (const char* m : {"get", "post", "patch", "put", "delete"}) {
      if (line == std::string("    ") + m + ":") methods.emplace_back(m);
    }
  }
  return methods;
}

TEST_F(ApiTest, OpenApiDocumentsEveryRoute) {
  const std::string yaml = api::kOpenApiYaml;
  ASSERT_NE(yaml.find("openapi: 3.1"), std::string::npos);
  ASSERT_FALSE(app_->router().routes().empty());
  for (const auto& route : app_->router().routes()) {
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto methods = documented_methods(yaml, route.pattern);
    EXPECT_NE(std::find(methods.begin(), methods.end(), method), methods.end())
        << route.method << " " << route.pattern << " is not in docs/openapi.yaml";
  }
}

}  // namespace
}  // namespace convonet::testing
