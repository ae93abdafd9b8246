// The GET event stream over a real socket: the server sends the headers at once (chunked),
// then a notification pushed later, and ends the stream when the session is deleted.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "mcp_fixture.hpp"

namespace convonet::testing {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

class McpStreamTest : public McpApiTest {};

// Reads until `needle` arrives or the connection ends/times out; returns everything read.
std::string read_until(asio::ip::tcp::socket& socket, std::string& buffer,
                       const std::string& needle) {
  char chunk[4096];
  while (buffer.find(needle) == std::string::npos) {
    boost::system::error_code ec;
    const auto n = socket.read_some(asio::buffer(chunk), ec);
    if (ec) break;
    buffer.append(chunk, n);
  }
  return buffer;
}

TEST_F(McpStreamTest, NotificationsArriveOnTheOpenStream) {
  const auto token = register_user("ann")["access_token"].get<std::string>();
  auto init = mcp_initialize(token);
  ASSERT_EQ(init.status, 200);
  const std::string session(*init.raw.header("Mcp-Session-Id"));

  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  timeval timeout{10, 0};  // a hang fails the test instead of blocking it
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  const std::string request =
      "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
      "Authorization: Bearer " +
      token + "\r\nMcp-Session-Id: " + session + "\r\n\r\n";
  asio::write(socket, asio::buffer(request));
  std::string received;
  read_until(socket, received, "\r\n\r\n");
  ASSERT_NE(received.find("HTTP/1.1 200"), std::string::npos) << received;
  EXPECT_NE(received.find("Transfer-Encoding: chunked"), std::string::npos) << received;
  EXPECT_NE(received.find("text/event-stream"), std::string::npos) << received;

  // The stream is registered by the time its headers are out.
  EXPECT_EQ(app_->mcp_http().notify_tools_list_changed(), 1u);
  read_until(socket, received, "list_changed");
  EXPECT_NE(
      received.find("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}"),
      std::string::npos)
      << received;

  EXPECT_EQ(call("DELETE", "/mcp", nullptr, token, {{"Mcp-Session-Id", session}}).status, 204);
  read_until(socket, received, "0\r\n\r\n");  // the last chunk, then the server closes
  EXPECT_NE(received.find("0\r\n\r\n"), std::string::npos);
}

}  // namespace
}  // namespace convonet::testing
