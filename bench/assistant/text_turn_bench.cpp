// One text turn of the assistant, end to end below the HTTP layer: language understanding,
// the dialogue state machine, the tool call with its SQLite write (a reminder is a todo and an
// event in one transaction) and the conversation's turns and state written back.
//
// Each benchmark reports the mean (Google Benchmark's time) and, as counters, the p50 and p99
// of the individual turns in microseconds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <vector>

#include "assistant/dialogue/dialogue.hpp"
#include "assistant/tools/productivity_tools.hpp"
#include "store/repositories.hpp"

namespace {

using namespace convonet;

// A real SQLite file (WAL), as `convonet serve` uses by default.
class Fixture {
 public:
  Fixture() {
    dir_ = std::filesystem::temp_directory_path() /
           ("convonet-bench-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    db_ = std::move(store::open_database("sqlite://" + (dir_ / "bench.db").string()).value());
    if (!store::migrate(*db_)) throw std::runtime_error("migrate failed");
    teams_.emplace(*db_, clock_);
    todos_.emplace(*db_, clock_);
    events_.emplace(*db_, clock_);
    assistant::add_productivity_tools(
        tools_, assistant::ProductivityServices{*teams_, *todos_, *events_, *db_, clock_});
    dialogue_.emplace(*db_, tools_, clock_);
  }
  ~Fixture() {
    dialogue_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Principal add_user(const std::string& email) {
    auto user = db_->transact(store::TxMode::write, [&](store::Session& s) -> Result<store::User> {
      store::User u;
      u.email = email;
      u.name = email;
      u.password_hash = "unused";
      u.timezone = "Europe/London";
      u.created_at = u.updated_at = clock_.now();
      return store::users::insert(s, u);
    });
    return Principal{user.value().id, {}};
  }

  assistant::dialogue::Dialogue& dialogue() { return *dialogue_; }

 private:
  ManualClock clock_{*parse_rfc3339("2026-11-24T10:00:00Z")};
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::optional<productivity::TeamService> teams_;
  std::optional<productivity::TodoService> todos_;
  std::optional<productivity::EventService> events_;
  assistant::ToolRegistry tools_;
  std::optional<assistant::dialogue::Dialogue> dialogue_;
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void report_percentiles(benchmark::State& state, std::vector<double>& micros) {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) { return micros[static_cast<std::size_t>(q * (micros.size() - 1))]; };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.back();
}

void run_turns(benchmark::State& state, const Principal& user, const std::string& text,
               std::size_t expected_actions) {
  std::vector<double> micros;
  micros.reserve(1 << 16);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto out = fixture().dialogue().respond(user, {text, std::nullopt, "text"});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if (!out || out->actions.size() != expected_actions) {
      state.SkipWithError("the turn did not do what it should");
      break;
    }
    benchmark::DoNotOptimize(out->reply);
    micros.push_back(std::chrono::duration<double, std::micro>(elapsed).count());
  }
  report_percentiles(state, micros);
}

// "Create a reminder ..." : understand, create_reminder (todo + event, one transaction), save.
void BM_TextTurn_CreateReminder(benchmark::State& state) {
  static const Principal user = fixture().add_user("writer@example.com");
  run_turns(state, user, "Create a reminder to follow up with John tomorrow at 2 PM", 1);
}
BENCHMARK(BM_TextTurn_CreateReminder)->Unit(benchmark::kMicrosecond);

// "What's on my calendar tomorrow": understand, list_events over the user's events, save.
void BM_TextTurn_Agenda(benchmark::State& state) {
  static const Principal user = [] {
    auto p = fixture().add_user("reader@example.com");
    for (int i = 0; i < 5; ++i) {
      (void)fixture().dialogue().respond(
          p,
          {"schedule standup tomorrow at " + std::to_string(9 + i) + ":00", std::nullopt, "text"});
    }
    return p;
  }();
  run_turns(state, user, "what's on my calendar tomorrow", 1);
}
BENCHMARK(BM_TextTurn_Agenda)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
