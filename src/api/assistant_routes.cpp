// /api/v1/assistant: the text channel of the assistant.
#include "api/handler.hpp"
#include "api/json_io.hpp"
#include "api/route_groups.hpp"
#include "assistant/dialogue/dialogue.hpp"

namespace convonet::api {

namespace {

Result<assistant::dialogue::TurnInput> read_turn(const nlohmann::json& body) {
  BodyReader in(body);
  assistant::dialogue::TurnInput turn;
  turn.text = in.required_string("text", 2000);
  turn.conversation_id = in.integer("conversation_id");
  if (auto ok = in.finish(); !ok) return ok.error();
  turn.channel = "text";
  return turn;
}

}  // namespace

void add_assistant_routes(http::Router& router, const ApiServices& api) {
  router.add(
      "POST", "/api/v1/assistant/messages",
      authed_handler(api.accounts,
                     [&api](http::Request& request, const Principal& p) -> Result<http::Response> {
                       auto body = http::parse_json_body(request);
                       if (!body) return body.error();
                       auto turn = read_turn(*body);
                       if (!turn) return turn.error();
                       auto out = api.dialogue.respond(p, *turn);
                       if (!out) return out.error();
                       return http::json(200, assistant::dialogue::to_json(*out));
                     }));
}

}  // namespace convonet::api
