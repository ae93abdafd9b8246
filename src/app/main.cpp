// convonet: serve | migrate | user add | user set-pin | chat | nlu | version
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <malloc.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_io.hpp"
#include "app/application.hpp"
#include "assistant/nlu/nlu.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "core/secrets.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "mcp/stdio.hpp"

namespace {

using namespace convonet;

constexpr int kUsageError = 2;
constexpr int kFailure = 1;

int fail(const Error& error) {
  std::cerr << "convonet: " << error.message << "\n";
  return kFailure;
}

// Reads one line from stdin without echoing it anywhere (passwords, PINs).
std::string read_secret_line() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// `convonet nlu`: understands utterances offline; needs no database or config.
struct NluOptions {
  std::string now;
  std::string tz = "UTC";
  bool from_stdin = false;
  std::vector<std::string> words;
};

int nlu(const NluOptions& options) {
  Timestamp now = SystemClock{}.now();
  if (!options.now.empty()) {
    auto parsed = parse_rfc3339(options.now);
    if (!parsed) {
      std::cerr << "convonet: --now must be an RFC 3339 date-time\n";
      return kUsageError;
    }
    now = *parsed;
  }
  if (!is_known_timezone(options.tz)) {
    std::cerr << "convonet: unknown time zone: " << options.tz << "\n";
    return kUsageError;
  }
  auto understand = [&](std::string_view utterance) {
    return assistant::nlu::to_json(assistant::nlu::understand(utterance, now, options.tz))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (options.from_stdin) {
    std::string line;
    while (std::getline(std::cin, line)) std::cout << understand(line) << "\n";
    return 0;
  }
  std::string utterance;
  for (const auto& word : options.words) utterance += (utterance.empty() ? "" : " ") + word;
  std::cout << understand(utterance) << "\n";
  return 0;
}

// `convonet chat`: the assistant as a user, on this machine's database (no server needed).
// Lines continue the user's conversation, whatever channel it was last used on.
struct ChatOptions {
  std::string email;
  std::string once;
  bool json = false;
};

int chat(app::Application& application, const ChatOptions& options) {
  auto user = application.accounts().user_by_email(options.email);
  if (!user) return fail(user.error());
  const Principal principal{user->id, {}};
  std::optional<std::int64_t> conversation;
  auto turn = [&](const std::string& text) -> bool {
    auto out = application.dialogue().respond(principal, {text, conversation, "cli"});
    if (!out) {
      std::cerr << "convonet: " << out.error().message << "\n";
      return false;
    }
    conversation = out->conversation_id;
    if (options.json) {
      std::cout << assistant::dialogue::to_json(*out).dump(-1, ' ', false,
                                                           nlohmann::json::error_handler_t::replace)
                << std::endl;
    } else {
      std::cout << out->reply << std::endl;
    }
    return true;
  };
  if (!options.once.empty()) return turn(options.once) ? 0 : kFailure;
  const bool interactive = isatty(STDIN_FILENO) != 0;
  std::string line;
  while (true) {
    if (interactive) std::cout << "> " << std::flush;
    if (!std::getline(std::cin, line)) break;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (line == "exit" || line == "quit") break;
    turn(line);
  }
  return 0;
}

struct Loaded {
  Settings settings;
  ServerSecrets secrets;
};

Result<Loaded> load(const std::string& config_file) {
  auto settings = load_settings(config_file.empty() ? std::nullopt : std::optional(config_file));
  if (!settings) return settings.error();
  init_logging(settings->log_level);
  auto secrets = load_or_create_secrets(*settings);
  if (!secrets) return secrets.error();
  return Loaded{*settings, *secrets};
}

Result<std::unique_ptr<app::Application>> build(const std::string& config_file) {
  auto loaded = load(config_file);
  if (!loaded) return loaded.error();
  return app::Application::create(loaded->settings, loaded->secrets);
}

// Requests allocate and free (often on another thread) enough memory that, with glibc's
// default 128 KB trim threshold, the io and worker threads' malloc arenas kept returning pages
// to the kernel (madvise) and faulting them in again: about a fifth of the server's CPU under
// load. A larger threshold keeps up to 8 MB free per arena for reuse.
void keep_freed_memory_for_reuse() {
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
}

int serve(const std::string& config_file) {
  keep_freed_memory_for_reuse();
  // Block the stop signals in every thread, so sigwait below is the one place they arrive.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto application = build(config_file);
  if (!application) return fail(application.error());
  auto port = (*application)->start();
  if (!port) return fail(port.error());
  spdlog::info("msg=\"convonet listening\" port={}", *port);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("msg=\"stopping\" signal={}", signal_number);
  (*application)->stop();
  return 0;
}

// `convonet mcp`: MCP over stdio for clients that spawn the server (Claude Desktop, IDEs).
// stdout carries protocol messages only; logs go to stderr.
int mcp_stdio(const std::string& config_file, const std::string& token_file) {
  std::ifstream file(token_file);
  std::string token;
  if (!file || !std::getline(file, token)) {
    std::cerr << "convonet: cannot read a token from " << token_file << "\n";
    return kUsageError;
  }
  token = trim(token);
  if (token.empty()) {
    std::cerr << "convonet: the token file is empty\n";
    return kUsageError;
  }
  auto application = build(config_file);
  if (!application) return fail(application.error());
  auto& app = **application;
  auto authenticate = [&app, &token] { return app.authenticate_bearer(token); };
  if (auto principal = authenticate(); !principal) {
    std::cerr << "convonet: the token was refused: " << principal.error().message << "\n";
    return kFailure;
  }
  spdlog::info("msg=\"mcp serving on stdio\"");
  mcp::serve_stdio(app.mcp(), authenticate, std::cin, std::cout);
  return 0;
}

int migrate(const std::string& config_file) {
  auto loaded = load(config_file);
  if (!loaded) return fail(loaded.error());
  auto database = store::open_database(loaded->settings.effective_database_url());
  if (!database) return fail(database.error());
  auto applied = store::migrate(**database);
  if (!applied) return fail(applied.error());
  std::cout << "applied " << *applied << " migration(s); schema version "
            << store::latest_schema_version() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A peer that resets a connection must give an error on write, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App cli{"ConvoNet: voice-and-text assistant server for team productivity"};
  cli.require_subcommand(1);
  std::string config_file;
  cli.add_option("--config", config_file, "TOML settings file")->check(CLI::ExistingFile);

  auto* serve_cmd = cli.add_subcommand("serve", "Serve the HTTP API");
  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply database migrations and exit");
  auto* version_cmd = cli.add_subcommand("version", "Print the version");
  std::string token_file;
  auto* mcp_cmd =
      cli.add_subcommand("mcp", "Serve the Model Context Protocol on stdin/stdout as a token's user");
  mcp_cmd->add_option("--token-file", token_file, "File holding a personal access token")
      ->required()
      ->check(CLI::ExistingFile);

  NluOptions nlu_options;
  auto* nlu_cmd = cli.add_subcommand("nlu", "Print the intent and slots of an utterance as JSON");
  nlu_cmd->add_option("--now", nlu_options.now, "Reference time, RFC 3339 (default: now)");
  nlu_cmd->add_option("--tz", nlu_options.tz, "IANA time zone")->capture_default_str();
  nlu_cmd->add_flag("--stdin", nlu_options.from_stdin, "Read one utterance per line");
  nlu_cmd->add_option("utterance", nlu_options.words, "The utterance");

  auto* user_cmd = cli.add_subcommand("user", "Manage users");
  user_cmd->require_subcommand(1);
  accounts::Registration registration;
  auto* user_add = user_cmd->add_subcommand("add", "Create a user; reads the password from stdin");
  user_add->add_option("--email", registration.email, "Email address")->required();
  user_add->add_option("--name", registration.name, "Display name")->required();
  user_add->add_option("--timezone", registration.timezone, "IANA time zone")
      ->capture_default_str();
  user_add->add_option("--phone", registration.phone_numbers, "E.164 phone number (repeatable)");
  std::string pin_email;
  auto* set_pin =
      user_cmd->add_subcommand("set-pin", "Set a user's voice PIN; reads it from stdin");
  set_pin->add_option("--email", pin_email, "Email address of the user")->required();

  ChatOptions chat_options;
  auto* chat_cmd =
      cli.add_subcommand("chat", "Talk to the assistant as a user: one line per turn, or --once");
  chat_cmd->add_option("--user", chat_options.email, "Email address of the user")->required();
  chat_cmd->add_option("--once", chat_options.once, "Say this, print the reply and exit");
  chat_cmd->add_flag("--json", chat_options.json,
                     "Print each turn as JSON: {conversation_id, reply, actions, awaiting}");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "convonet: " << e.what() << " (see --help)\n";
    return kUsageError;
  }

  if (version_cmd->parsed()) {
    std::cout << "convonet " << CONVONET_VERSION << "\n";
    return 0;
  }
  if (nlu_cmd->parsed()) return nlu(nlu_options);
  if (serve_cmd->parsed()) return serve(config_file);
  if (migrate_cmd->parsed()) return migrate(config_file);
  if (mcp_cmd->parsed()) return mcp_stdio(config_file, token_file);

  auto application = build(config_file);
  if (!application) return fail(application.error());
  auto& accounts = (*application)->accounts();
  if (user_add->parsed()) {
    registration.password = read_secret_line();
    auto user = accounts.create_user(registration);
    if (!user) return fail(user.error());
    std::cout << api::user_json(*user).dump() << "\n";
    return 0;
  }
  if (chat_cmd->parsed()) return chat(**application, chat_options);
  if (set_pin->parsed()) {
    auto user = accounts.user_by_email(pin_email);
    if (!user) return fail(user.error());
    if (auto ok = accounts.set_pin(user->id, read_secret_line()); !ok) return fail(ok.error());
    std::cout << "PIN set for " << user->email << "\n";
    return 0;
  }
  return kUsageError;
}
