#pragma once
// The HTTP/1.1 listener: Beast sessions on io threads, handlers on a bounded worker pool.
// Beast stays behind the pimpl so that including this header is cheap.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace convonet::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 = ephemeral
  int io_threads = 1;
  int worker_threads = 2;  // handlers may block (database), so they never run on io threads
  std::size_t body_limit = 1 << 20;
  // Bounds reading a whole request (from its first byte) and writing a response.
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};      // a keep-alive connection waiting for a request
  std::chrono::seconds shutdown_timeout{10};  // how long stop() lets in-flight requests run
  // Reverse proxies (IP addresses) whose X-Forwarded-For names the client; see client_address.
  std::vector<std::string> trusted_proxies = {};
};

// The address a request comes from, as Request::remote_address holds it (rate limits key on
// it): the peer's, unless the peer is a trusted proxy; then, reading X-Forwarded-For from the
// right, the first address that is not a trusted proxy itself (a client can prepend anything,
// so the left-most entry is never believed over a closer hop). A malformed entry ends the walk
// at the last address read. trusted_proxies are compared as written, so they must be in
// canonical form ("2001:db8::1", not "2001:db8:0::1"); the server keeps its list that way.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

class Server {
 public:
  // router and metrics must outlive the server.
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the io threads and the worker pool; returns the bound port.
  Result<unsigned short> start();
  // Graceful: stops accepting, closes idle keep-alive connections, lets in-flight requests
  // finish (up to shutdown_timeout; later ones are dropped), then stops the threads.
  // Idempotent; a concurrent call returns when the first one is done. Must not be called from
  // a handler (it joins the threads handlers run on).
  void stop();
  // Blocks until stop() has completed; returns at once if the server never started.
  void wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace convonet::http
