// /api/v1/events and the ICS feed.
#include <cstdlib>

#include "api/handler.hpp"
#include "api/json_io.hpp"
#include "api/route_groups.hpp"
#include "productivity/ics.hpp"

namespace convonet::api {

namespace {

constexpr auto kDefaultRange = std::chrono::days{30};

Result<productivity::NewEvent> read_new_event(const nlohmann::json& body) {
  BodyReader in(body);
  productivity::NewEvent e;
  e.title = in.required_string("title", 2000);
  const auto start = in.timestamp("start");
  const auto end = in.timestamp("end");
  e.team_id = in.integer("team_id");
  e.all_day = in.boolean("all_day").value_or(false);
  e.location = in.string("location", 4000).value_or("");
  e.attendees = in.strings("attendees").value_or(std::vector<std::string>{});
  const auto reminder = in.integer("reminder_minutes");
  e.rrule = in.string("rrule", 500).value_or("");
  e.timezone = in.string("timezone", 64).value_or("");
  if (auto ok = in.finish(); !ok) return ok.error();
  if (!start) return Error::unprocessable("'start' is required");
  e.start = *start;
  e.end = end.value_or(*start + std::chrono::hours{1});
  if (reminder) {
    if (*reminder < 0 || *reminder > 40320) {
      return Error::unprocessable("reminder_minutes must be between 0 and 40320 (four weeks)");
    }
    e.reminder_minutes = static_cast<int>(*reminder);
  }
  return e;
}

Result<productivity::EventPatch> read_patch(const nlohmann::json& body) {
  BodyReader in(body);
  productivity::EventPatch patch;
  if (in.has("title")) patch.title = in.required_string("title", 2000);
  if (in.has("start")) {
    patch.start = in.timestamp("start");
    if (!patch.start) return Error::unprocessable("'start' must be an RFC 3339 date-time");
  }
  if (in.has("end")) {
    patch.end = in.timestamp("end");
    if (!patch.end) return Error::unprocessable("'end' must be an RFC 3339 date-time");
  }
  patch.all_day = in.boolean("all_day");
  if (in.has("location")) patch.location = in.string("location", 4000).value_or("");
  if (in.has("attendees"))
    patch.attendees = in.strings("attendees").value_or(std::vector<std::string>{});
  if (in.has("reminder_minutes")) {
    const auto reminder = in.integer("reminder_minutes");
    if (reminder && (*reminder < 0 || *reminder > 40320)) {
      return Error::unprocessable("reminder_minutes must be between 0 and 40320 (four weeks)");
    }
    patch.reminder_minutes =
        reminder ? std::optional<int>(static_cast<int>(*reminder)) : std::nullopt;
  }
  if (in.has("rrule")) patch.rrule = in.string("rrule", 500).value_or("");
  if (in.has("timezone")) patch.timezone = in.required_string("timezone", 64);
  if (in.has("team_id"))
    return Error::unprocessable("team_id cannot be changed; create a new event");
  if (auto ok = in.finish(); !ok) return ok.error();
  return patch;
}

Result<productivity::EventPatch> read_patch(const http::Request& request) {
  auto body = http::parse_json_body(request);
  if (!body) return body.error();
  return read_patch(*body);
}

// The {id} and {start} of an occurrence's path: 404 for an id that names nothing, 400 for a
// start that is no RFC 3339 instant.
Result<productivity::OccurrencePosition> read_occurrence(const http::Request& request) {
  auto id = path_id(request);
  if (!id) return id.error();
  auto start = path_time(request, "start");
  if (!start) return start.error();
  return productivity::OccurrencePosition{*start, *id};
}

// Cursor text: "<RFC 3339 start>|<event id>".
std::string format_position(const productivity::OccurrencePosition& p) {
  return format_rfc3339(p.start) + "|" + std::to_string(p.event_id);
}

std::optional<productivity::OccurrencePosition> parse_position(const std::string& text) {
  const auto bar = text.find('|');
  if (bar == std::string::npos) return std::nullopt;
  auto start = parse_rfc3339(std::string_view(text).substr(0, bar));
  char* end = nullptr;
  const auto id = std::strtoll(text.c_str() + bar + 1, &end, 10);
  if (!start || end == text.c_str() + bar + 1 || *end != '\0' || id < 1) return std::nullopt;
  return productivity::OccurrencePosition{*start, id};
}

Result<productivity::EventQuery> read_query(const http::Request& request, Timestamp now) {
  productivity::EventQuery q;
  auto from = query_time(request, "from");
  if (!from) return from.error();
  auto to = query_time(request, "to");
  if (!to) return to.error();
  auto team = query_id(request, "team_id");
  if (!team) return team.error();
  auto limit = query_int(request, "limit", 1, 1000);
  if (!limit) return limit.error();
  q.from = from->value_or(now);
  q.to = to->value_or(q.from + kDefaultRange);
  q.team_id = *team;
  q.limit = static_cast<std::size_t>(limit->value_or(500));
  if (auto cursor = request.query_param("cursor")) {
    auto value = decode_cursor(*cursor);
    if (!value) return value.error();
    auto position = parse_position(*value);
    if (!position || position->start >= q.to) {
      return Error::bad_request("cursor is not one this server issued for this range",
                                "invalid_cursor");
    }
    q.resume_at = position;
  }
  return q;
}

}  // namespace

void add_event_routes(http::Router& router, const ApiServices& api) {
  auto& events = api.events;
  auto authed = [&](AuthedHandler h) { return authed_handler(api.accounts, std::move(h)); };

  router.add("POST", "/api/v1/events",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto body = http::parse_json_body(request);
               if (!body) return body.error();
               auto input = read_new_event(*body);
               if (!input) return input.error();
               auto event = events.create(p, std::move(*input));
               if (!event) return event.error();
               return http::json(201, event_json(*event));
             }));

  router.add("GET", "/api/v1/events",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto query = read_query(request, api.clock.now());
               if (!query) return query.error();
               auto page = events.list(p, *query);
               if (!page) return page.error();
               auto items = nlohmann::json::array();
               for (const auto& o : page->items) items.push_back(occurrence_json(o));
               nlohmann::json next = nullptr;
               if (page->next) next = encode_cursor(format_position(*page->next));
               return http::json(200, {{"items", std::move(items)}, {"next_cursor", next}});
             }));

  router.add("GET", "/api/v1/events/{id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto event = events.get(p, *id);
               if (!event) return event.error();
               return http::json(200, event_json(*event));
             }));

  router.add("PATCH", "/api/v1/events/{id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto patch = read_patch(request);
               if (!patch) return patch.error();
               auto event = events.update(p, *id, *patch);
               if (!event) return event.error();
               return http::json(200, event_json(*event));
             }));

  router.add("DELETE", "/api/v1/events/{id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               if (auto ok = events.remove(p, *id); !ok) return ok.error();
               return http::no_content();
             }));

  // One occurrence of a recurring event, named by its start.
  const std::string occurrence = "/api/v1/events/{id}/occurrences/{start}";

  router.add("DELETE", occurrence,
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto target = read_occurrence(request);
               if (!target) return target.error();
               auto cancelled = events.cancel_occurrence(p, target->event_id, target->start);
               if (!cancelled) return cancelled.error();
               return http::no_content();
             }));

  router.add("PATCH", occurrence,
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto target = read_occurrence(request);
               if (!target) return target.error();
               auto patch = read_patch(request);
               if (!patch) return patch.error();
               auto event = events.update_occurrence(p, target->event_id, target->start, *patch);
               if (!event) return event.error();
               return http::json(200, event_json(*event));
             }));

  // Calendar apps cannot send headers, so the feed authenticates by its own revocable token.
  router.add("GET", "/api/v1/calendar.ics",
             public_handler([&](http::Request& request) -> Result<http::Response> {
               const auto token = request.query_param("token");
               if (!token)
                 return Error::unauthorized("the feed URL needs its ?token=", "invalid_token");
               auto user = api.accounts.user_for_feed_token(*token);
               if (!user) return user.error();
               auto visible = events.all_visible(user->id);
               if (!visible) return visible.error();
               http::Response response;
               response.status = 200;
               response.content_type = "text/calendar; charset=utf-8";
               response.body = productivity::render_ics(*visible, "ConvoNet - " + user->name,
                                                        "convonet", api.clock.now());
               return response;
             }));
}

}  // namespace convonet::api
