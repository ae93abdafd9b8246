#pragma once
// The server half of StreamBody: writes a streamed response on the connection's strand.
// Internal to the http component (Beast types).
#include <atomic>
#include <chrono>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/stream.hpp"

namespace convonet::http::detail {

// Sends head's status and headers (its body is ignored) with chunked transfer coding, then
// each chunk of body until the producer closes it, a write fails (the peer is gone) or
// `stopping` turns true. The body is closed on return; the caller closes the connection.
boost::asio::awaitable<void> write_stream(
    boost::beast::tcp_stream& stream,
    boost::beast::http::response<boost::beast::http::string_body> head,
    std::shared_ptr<StreamBody> body, const std::atomic<bool>& stopping,
    std::chrono::seconds write_timeout);

}  // namespace convonet::http::detail
