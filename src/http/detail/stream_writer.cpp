#include "http/detail/stream_writer.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>

namespace convonet::http::detail {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
// The longest a stream waits before looking at `stopping` again.
constexpr std::chrono::milliseconds kStopPoll{1000};

// Detaches the producer's wake-up from this connection however the coroutine ends (also
// when the io_context is destroyed with the coroutine suspended).
struct Detach {
  StreamBody& body;
  ~Detach() {
    body.on_ready(nullptr);
    body.close();
  }
};

}  // namespace

asio::awaitable<void> write_stream(beast::tcp_stream& stream,
                                   bhttp::response<bhttp::string_body> head,
                                   std::shared_ptr<StreamBody> body,
                                   const std::atomic<bool>& stopping,
                                   std::chrono::seconds write_timeout) {
  Detach detach{*body};
  bhttp::response<bhttp::empty_body> out{std::move(head.base())};
  out.erase(bhttp::field::content_length);
  out.keep_alive(false);
  out.chunked(true);
  bhttp::response_serializer<bhttp::empty_body> serializer{out};
  stream.expires_after(write_timeout);
  auto [head_ec, head_n] = co_await bhttp::async_write_header(stream, serializer, use_nothrow);
  if (head_ec) co_return;

  auto timer = std::make_shared<asio::steady_timer>(stream.get_executor());
  std::weak_ptr<asio::steady_timer> weak = timer;
  // The wake-up runs on this connection's strand, so it cannot race the loop below: between
  // take() and the timer wait the coroutine does not yield, so no wake-up is lost.
  body->on_ready([weak, executor = stream.get_executor()] {
    asio::post(executor, [weak] {
      if (auto t = weak.lock()) t->cancel();
    });
  });

  auto write_chunk = [&](const std::string& data) -> asio::awaitable<bool> {
    stream.expires_after(write_timeout);
    auto [ec, n] =
        co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(data)), use_nothrow);
    co_return !ec;
  };

  auto last_write = Clock::now();
  bool healthy = true;
  while (healthy && !stopping) {
    auto batch = body->take();
    for (const auto& chunk : batch.chunks) {
      if (chunk.empty()) continue;  // an empty chunk would end the body
      if (!co_await write_chunk(chunk)) {
        healthy = false;
        break;
      }
      last_write = Clock::now();
    }
    if (!healthy || batch.closed) break;
    const auto now = Clock::now();
    auto wait = kStopPoll;
    if (!body->heartbeat().empty()) {
      const auto due = last_write + body->heartbeat_interval();
      if (now >= due) {
        healthy = co_await write_chunk(body->heartbeat());
        last_write = Clock::now();
        continue;
      }
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(due - now) +
                                std::chrono::milliseconds{1});
    }
    timer->expires_after(wait);
    co_await timer->async_wait(use_nothrow);
  }
  if (healthy) {
    stream.expires_after(write_timeout);
    co_await asio::async_write(stream, bhttp::make_chunk_last(), use_nothrow);
  }
}

}  // namespace convonet::http::detail
