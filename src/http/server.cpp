// The only translation unit (with asio_impl.cpp) that sees Beast and Asio.
// Its job is moving bytes: read a request within the limits, hand it to the
// Dispatcher on the worker pool (or the password lane), write the answer, and
// shut down cleanly.
#include "http/server.h"

#include <pthread.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/log.h"
#include "http/ascii.h"

namespace dj::http {
namespace {

// Minimum sustained upload rate a client must keep (see serve_one).
constexpr std::uint64_t kUploadGraceBytesPerSecond = 128 * 1024;


namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using std::chrono::seconds;

constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

// After an error response the client may still be sending (a 2 GB upload we
// refused after its header). Closing with unread data makes the kernel send
// RST, which can destroy our response before the client reads it, so we read
// and discard for a while first.
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr std::size_t kDrainBytes = 8 * 1024 * 1024;

struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::string remote;
  // Waiting for the first byte of a request. Only touched on the connection's
  // strand; shutdown closes idle connections at once and lets busy ones finish.
  bool idle = true;
};

// What to do with the connection after one request.
enum class Next { keep_open, close, close_after_error };

std::string size_text(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024, kMiB = 1024 * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " 字节";
}

bool is_http_parse_error(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs fn() (a handler) on a pool's executor and resumes the awaiting
// coroutine on its own executor (the connection's strand) straight from the
// pool thread. co_spawn(pool, ..., use_awaitable) would instead post its
// completion back to the pool first, to the end of its queue: behind a queue
// of sign-ins that delayed every finished answer, member pages included,
// until the queue had drained (bench/README.md, the login storm).
template <class Executor, class Fn>
asio::awaitable<Response> run_on(Executor pool, Fn fn) {
  auto initiate = [pool](auto handler, Fn work_fn) mutable {
    // Keeps the I/O context running until the answer has been handed back.
    auto resume = asio::make_work_guard(asio::get_associated_executor(handler));
    asio::post(pool, [handler = std::move(handler), work_fn = std::move(work_fn),
                      resume = std::move(resume)]() mutable {
      Response response;
      try {
        response = work_fn();
      } catch (const std::exception& e) {
        // Dispatcher::handle does not throw; this is for allocation failures.
        log::error("request failed", {{"error", e.what()}});
        response = error_response(500, "internal", "服务器内部错误，请稍后重试。");
      }
      auto executor = resume.get_executor();
      asio::dispatch(executor, [handler = std::move(handler), response = std::move(response)]() mutable {
        std::move(handler)(std::move(response));
      });
      resume.reset();
    });
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
      initiate, asio::use_awaitable, std::move(fn));
}


// "host:port" or "[v6]:port" -> {host, port}; throws on anything else.
std::pair<std::string, unsigned short> parse_listen(const std::string& listen) {
  auto fail = [&] {
    return std::runtime_error("监听地址格式不正确：" + listen +
                              "（应为 主机:端口，例如 127.0.0.1:8080 或 [::1]:8080）(invalid listen address)");
  };
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 >= listen.size()) throw fail();
  std::string host = listen.substr(0, colon);
  std::string port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  else if (host.find(':') != std::string::npos) throw fail();  // bare IPv6 needs brackets
  if (host.empty() || port_text.size() > 5) throw fail();
  unsigned long port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') throw fail();
    port = port * 10 + static_cast<unsigned long>(c - '0');
  }
  if (port > 65535) throw fail();
  return {host, static_cast<unsigned short>(port)};
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, Dispatcher& d, Metrics& m)
      : options(std::move(o)),
        dispatcher(d),
        metrics(m),
        ioc(std::max(1, options.io_threads)),
        control(asio::make_strand(ioc)),
        acceptor(control),
        signals(control),
        grace(control),
        workers(static_cast<std::size_t>(std::max(1, options.worker_threads))),
        lane(std::max(1, options.password_threads)),
        lane_work(lane.get_executor()) {}

  ServerOptions options;
  Dispatcher& dispatcher;
  Metrics& metrics;
  asio::io_context ioc;
  // Acceptor, signals, grace timer and stop logic all live on this strand.
  asio::strand<asio::io_context::executor_type> control;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer grace;
  // Handlers run here, so a slow database call never stalls an I/O thread.
  asio::thread_pool workers;
  // The password lane: handlers of Route::hashes_password routes, on
  // options.password_threads threads (started by run(), named dj-password).
  asio::io_context lane;
  asio::executor_work_guard<asio::io_context::executor_type> lane_work;
  std::vector<std::thread> lane_threads;
  std::atomic<int> lane_requests{0};             // admitted, not yet answered
  std::atomic<std::int64_t> lane_busy_us{0};     // handler time of finished lane requests
  std::atomic<std::int64_t> lane_done{0};
  std::atomic<bool> stopping{false};
  std::atomic<int> bound_port{0};

  std::mutex mu;
  std::uint64_t next_id = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections;

  void bind();
  void run();
  void begin_stop();
  std::vector<std::shared_ptr<Connection>> open_connections();
  void forget(std::uint64_t id);

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(std::shared_ptr<Connection> c, std::uint64_t id);
  asio::awaitable<Next> serve_one(Connection& c, beast::flat_buffer& buffer);
  asio::awaitable<Response> handle_on_lane(Request& request);
  int lane_retry_after_s() const;
  void start_lane();
  void stop_lane();
  asio::awaitable<Next> read_failed(Connection& c, const error_code& ec, const Request& partial,
                                    std::size_t body_limit,
                                    std::chrono::steady_clock::time_point start);
  asio::awaitable<Next> send_error(Connection& c, const Request& request, int status,
                                   std::string_view code, const std::string& message,
                                   std::chrono::steady_clock::time_point start);
  asio::awaitable<bool> write(Connection& c, Response& response, unsigned version,
                              bool keep_alive, bool head);
  asio::awaitable<void> close(Connection& c, bool drain);
};

void Server::Impl::bind() {
  auto [host, port] = parse_listen(options.listen);
  error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, port);
  } else {
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty())
      throw std::runtime_error("无法解析监听地址 " + options.listen + "：" + ec.message() +
                               " (cannot resolve)");
    endpoint = results.begin()->endpoint();
  }

  auto fail = [&](const error_code& e) {
    error_code ignored;
    acceptor.close(ignored);
    std::string why;
    if (e == asio::error::address_in_use) why = "地址已被占用 (address in use)";
    else if (e == asio::error::access_denied) why = "没有权限使用该端口 (permission denied)";
    else if (e == boost::system::errc::address_not_available) why = "本机没有这个地址 (address not available)";
    else why = e.message();
    return std::runtime_error("无法监听 " + options.listen + "：" + why);
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) throw fail(ec);
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) throw fail(ec);
  acceptor.bind(endpoint, ec);
  if (ec) throw fail(ec);
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw fail(ec);
  bound_port = acceptor.local_endpoint().port();
}

void Server::Impl::run() {
  if (!acceptor.is_open()) bind();
  signals.add(SIGINT);
  signals.add(SIGTERM);
  signals.async_wait([this](const error_code& ec, int signal) {
    if (ec) return;
    log::info("signal received, stopping", {{"signal", signal}});
    begin_stop();
  });
  asio::co_spawn(control, accept_loop(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      log::error("accept loop failed", {{"error", x.what()}});
    } catch (...) {
      log::error("accept loop failed", {{"error", "non-standard exception"}});
    }
  });
  log::debug("http server listening", {{"address", options.listen},
                          {"port", bound_port.load()},
                          {"io_threads", options.io_threads},
                          {"worker_threads", options.worker_threads},
                          {"password_threads", options.password_threads},
                          {"password_queue", options.password_queue}});

  auto run_io = [this] {
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        log::error("io thread caught exception", {{"error", e.what()}});
      }
    }
  };
  start_lane();
  std::vector<std::thread> threads;
  for (int i = 1; i < options.io_threads; ++i) threads.emplace_back(run_io);
  run_io();  // returns when no connection, timer or acceptor is left
  for (auto& t : threads) t.join();
  workers.join();
  stop_lane();
  log::debug("http server stopped");
}

void Server::Impl::start_lane() {
  const int n = std::max(1, options.password_threads);
  for (int i = 0; i < n; ++i)
    lane_threads.emplace_back([this] {
#ifdef __linux__
      // Tells the lane apart in `top -H` and profiles.
      ::pthread_setname_np(::pthread_self(), "dj-password");
#endif
      for (;;) {
        try {
          lane.run();
          return;
        } catch (const std::exception& e) {
          log::error("password lane thread caught exception", {{"error", e.what()}});
        }
      }
    });
}

// Every lane request has been answered by now: each one keeps the I/O
// context (and so run_io) busy until its answer is handed back.
void Server::Impl::stop_lane() {
  lane_work.reset();
  for (auto& t : lane_threads) t.join();
  lane_threads.clear();
}

// Seconds until the lane could take a request that arrives now: the queue
// ahead of it times the mean handler time, over the threads.
int Server::Impl::lane_retry_after_s() const {
  const std::int64_t done = lane_done.load();
  const double mean_s = done > 0 ? static_cast<double>(lane_busy_us.load()) / 1e6 / static_cast<double>(done)
                                 : 0.15;  // one Argon2id hash and a little SQL
  const double wait_s = lane_requests.load() * mean_s / std::max(1, options.password_threads);
  return static_cast<int>(std::clamp(std::ceil(wait_s), 1.0, 600.0));
}

asio::awaitable<Response> Server::Impl::handle_on_lane(Request& request) {
  if (lane_requests.fetch_add(1) >= std::max(1, options.password_queue)) {
    lane_requests.fetch_sub(1);
    metrics.password_lane_refused_total.fetch_add(1);
    // Logged by the access log (status 503) and counted in the metrics.
    const int retry = lane_retry_after_s();
    co_return dispatcher.busy(request, retry,
                              "当前登录和修改密码的请求过多，请 " + std::to_string(retry) + " 秒后重试。");
  }
  metrics.password_lane_requests.fetch_add(1);
  struct Leave {
    Impl& self;
    ~Leave() {
      self.lane_requests.fetch_sub(1);
      self.metrics.password_lane_requests.fetch_sub(1);
    }
  } leave{*this};
  co_return co_await run_on(lane.get_executor(), [this, &request] {
    // Waited through a shutdown: the grace period is not spent on a queue of
    // sign-ins, each a tenth of a second; the client retries elsewhere or later.
    if (stopping) return dispatcher.busy(request, 5, "服务正在重启或停止，请稍后重试。");
    auto start = std::chrono::steady_clock::now();
    Response response = dispatcher.handle(request);
    lane_busy_us.fetch_add(std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::steady_clock::now() - start).count());
    lane_done.fetch_add(1);
    return response;
  });
}

std::vector<std::shared_ptr<Connection>> Server::Impl::open_connections() {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard lock(mu);
  for (auto& [id, weak] : connections)
    if (auto c = weak.lock()) out.push_back(std::move(c));
  return out;
}

void Server::Impl::forget(std::uint64_t id) {
  bool last = false;
  {
    std::lock_guard lock(mu);
    connections.erase(id);
    last = connections.empty();
  }
  metrics.connections_open.fetch_sub(1);
  // The last connection gone during shutdown: no need to wait out the grace period.
  if (last && stopping) asio::post(control, [this] { grace.cancel(); });
}

// Runs on `control`.
void Server::Impl::begin_stop() {
  if (stopping.exchange(true)) return;
  error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  signals.clear(ignored);  // a second Ctrl-C now kills the process the usual way

  auto open = open_connections();
  log::info("stopping: closing idle connections, waiting for requests in flight",
            {{"connections", static_cast<long long>(open.size())},
             {"grace_s", dispatcher.limits().shutdown_grace_s}});
  for (auto& c : open)
    asio::post(c->stream.get_executor(), [c] {
      if (c->idle) c->stream.close();
    });
  if (open.empty()) return;
  grace.expires_after(seconds(dispatcher.limits().shutdown_grace_s));
  grace.async_wait([this](const error_code& ec) {
    if (ec) return;  // cancelled: every connection finished in time
    auto left = open_connections();
    log::warn("shutdown grace period over, closing connections",
              {{"connections", static_cast<long long>(left.size())}});
    for (auto& c : left) asio::post(c->stream.get_executor(), [c] { c->stream.close(); });
  });
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    // Each connection gets its own strand, so a session's steps never run
    // concurrently even though several I/O threads share the io_context.
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kAwait);
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      log::warn("accept failed", {{"error", ec.message()}});
      // Typically out of file descriptors: pause instead of spinning.
      asio::steady_timer pause(control, std::chrono::milliseconds(100));
      co_await pause.async_wait(kAwait);
      continue;
    }
    auto c = std::make_shared<Connection>(tcp::socket(std::move(socket)));
    error_code peer_ec;
    c->remote = c->stream.socket().remote_endpoint(peer_ec).address().to_string();
    std::uint64_t id = 0;
    {
      std::lock_guard lock(mu);
      id = next_id++;
      connections.emplace(id, c);
    }
    metrics.connections_open.fetch_add(1);
    metrics.connections_total.fetch_add(1);
    auto executor = c->stream.get_executor();
    asio::co_spawn(executor, session(std::move(c), id), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        log::error("connection failed", {{"error", x.what()}});
      } catch (...) {
        log::error("connection failed", {{"error", "non-standard exception"}});
      }
    });
  }
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> c, std::uint64_t id) {
  const Limits& limits = dispatcher.limits();
  beast::flat_buffer buffer;
  Next next = Next::close;
  try {
    // The first request must arrive within the read timeout of the connect.
    c->stream.expires_after(seconds(limits.read_timeout_s));
    for (bool first = true;; first = false) {
      c->idle = true;
      if (stopping) break;
      if (buffer.size() == 0) {
        if (!first) c->stream.expires_after(seconds(limits.idle_timeout_s));
        auto [ec, n] = co_await c->stream.async_read_some(buffer.prepare(4096), kAwait);
        if (ec) {
          if (first && ec == beast::error::timeout) metrics.timeouts_total.fetch_add(1);
          break;  // idle timeout, peer gone, or closed by shutdown
        }
        buffer.commit(n);
      }
      c->idle = false;
      if (!first) c->stream.expires_after(seconds(limits.read_timeout_s));
      next = co_await serve_one(*c, buffer);
      if (next != Next::keep_open) break;
    }
    co_await close(*c, next == Next::close_after_error && !stopping);
  } catch (const std::exception& e) {
    log::error("connection failed", {{"ip", c->remote}, {"error", e.what()}});
    c->stream.close();
  }
  forget(id);
}

asio::awaitable<Next> Server::Impl::serve_one(Connection& c, beast::flat_buffer& buffer) {
  auto start = std::chrono::steady_clock::now();
  const Limits& limits = dispatcher.limits();
  Request request;
  request.method = Method::OTHER;
  request.remote_addr = c.remote;

  bhttp::request_parser<bhttp::empty_body> head;
  head.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(limits.header_bytes, std::numeric_limits<std::uint32_t>::max())));
  // The body limit depends on the route, known only once the header is in.
  head.body_limit(boost::none);
  {
    auto [ec, n] = co_await bhttp::async_read_header(c.stream, buffer, head, kAwait);
    if (ec) co_return co_await read_failed(c, ec, request, limits.json_body_bytes, start);
  }

  const auto& header = head.get();
  request.method = method_from_string(header.method_string());
  request.target = std::string(header.target());
  request.headers.reserve(16);
  for (const auto& field : header)
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  if (!split_target(request.target, request.path, request.query_string))
    co_return co_await send_error(c, request, 400, "bad_request", "请求地址格式不正确。", start);

  const Dispatcher::RouteFacts facts = dispatcher.route_facts(request.method, request.path);
  const std::size_t limit = facts.body_limit;
  if (head.content_length() && *head.content_length() > limit)
    co_return co_await send_error(c, request, 413, "payload_too_large",
                                  "请求体过大，上限为 " + size_text(limit) + "。", start);
  unsigned version = header.version();
  // curl and others wait for this before sending a large body.
  if (version >= 11 && !head.is_done() &&
      ascii::iequals(header[bhttp::field::expect], "100-continue")) {
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
    auto [ec, n] = co_await bhttp::async_write(c.stream, go_on, kAwait);
    if (ec) co_return Next::close;
  }

  // A large upload gets time in proportion to its size: the read timeout
  // plus one second per 128 KiB, i.e. a client must keep up at least
  // 128 KiB/s. Slow-drip clients are still cut off; a 50 MiB file on a
  // 2 Mbit/s office line is not.
  if (head.content_length() && *head.content_length() > kUploadGraceBytesPerSecond)
    c.stream.expires_after(seconds(limits.read_timeout_s) +
                           seconds(*head.content_length() / kUploadGraceBytesPerSecond));

  bhttp::request_parser<bhttp::string_body> parser{std::move(head)};
  parser.body_limit(limit);
  {
    auto [ec, n] = co_await bhttp::async_read(c.stream, buffer, parser, kAwait);
    if (ec) co_return co_await read_failed(c, ec, request, limit, start);
  }
  auto message = parser.release();
  request.body = std::move(message.body());
  bool keep_alive = message.keep_alive();

  // Run the handler on the worker pool (or, when it hashes passwords, on
  // the password lane); the coroutine resumes on this connection's strand
  // when it is done.
  // (Two statements, not one ?: with a co_await in each arm: GCC 12
  // miscompiles that.)
  Response response;
  if (facts.hashes_password)
    response = co_await handle_on_lane(request);
  else
    response = co_await run_on(workers.get_executor(), [this, &request] { return dispatcher.handle(request); });

  if (stopping) keep_alive = false;
  bool written = co_await write(c, response, version, keep_alive, request.method == Method::HEAD);
  co_return written && keep_alive ? Next::keep_open : Next::close;
}

asio::awaitable<Next> Server::Impl::read_failed(Connection& c, const error_code& ec,
                                                const Request& partial, std::size_t body_limit,
                                                std::chrono::steady_clock::time_point start) {
  if (ec == beast::error::timeout) {
    metrics.timeouts_total.fetch_add(1);
    log::info("request timed out, connection closed",
              {{"ip", c.remote}, {"timeout_s", dispatcher.limits().read_timeout_s}});
    co_return Next::close;
  }
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
    co_return co_await send_error(
        c, partial, 431, "header_too_large",
        "请求头过大，上限为 " + size_text(dispatcher.limits().header_bytes) + "。请清理浏览器 Cookie 后重试。",
        start);
  if (ec == bhttp::error::body_limit)
    co_return co_await send_error(c, partial, 413, "payload_too_large",
                                  "请求体过大，上限为 " + size_text(body_limit) + "。", start);
  // The peer closing between or inside requests is normal; nothing to answer.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      !is_http_parse_error(ec))
    co_return Next::close;
  log::debug("malformed request", {{"ip", c.remote}, {"error", ec.message()}});
  co_return co_await send_error(c, partial, 400, "bad_request",
                                "请求格式不正确，无法解析。", start);
}

asio::awaitable<Next> Server::Impl::send_error(Connection& c, const Request& request, int status,
                                               std::string_view code, const std::string& message,
                                               std::chrono::steady_clock::time_point start) {
  Response response = error_response(status, code, message);
  dispatcher.finish(request, response, since(start));
  co_await write(c, response, 11, false, false);
  co_return Next::close_after_error;
}

asio::awaitable<bool> Server::Impl::write(Connection& c, Response& response, unsigned version,
                                          bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  if (!response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
  bool explicit_length = false;
  for (const auto& [name, value] : response.headers) {
    // Message framing is ours to decide: a wrong length from a handler would
    // corrupt every later response on the connection. The one exception is
    // the length the dispatcher announces for a HEAD request (of the GET body).
    if (ascii::iequals(name, "Connection") || ascii::iequals(name, "Transfer-Encoding")) continue;
    if (ascii::iequals(name, "Content-Length")) {
      if (!head) continue;
      explicit_length = true;
    }
    out.insert(name, value);
  }
  out.body() = std::move(response.body);
  if (head) out.body().clear();
  bool bodiless = response.status < 200 || response.status == 204 || response.status == 304;
  if (!bodiless && !explicit_length) out.content_length(out.body().size());
  out.keep_alive(keep_alive);
  c.stream.expires_after(seconds(dispatcher.limits().read_timeout_s));
  auto [ec, n] = co_await bhttp::async_write(c.stream, out, kAwait);
  co_return !ec;
}

asio::awaitable<void> Server::Impl::close(Connection& c, bool drain) {
  error_code ignored;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (drain && c.stream.socket().is_open()) {
    c.stream.expires_after(kDrainTime);
    std::array<char, 16 * 1024> sink;
    std::size_t total = 0;
    while (total < kDrainBytes) {
      auto [ec, n] = co_await c.stream.async_read_some(asio::buffer(sink), kAwait);
      if (ec) break;
      total += n;
    }
  }
  c.stream.close();
}

Server::Server(ServerOptions options, Dispatcher& dispatcher, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher, metrics)) {}

Server::~Server() = default;

void Server::bind() { impl_->bind(); }

int Server::port() const { return impl_->bound_port.load(); }

void Server::run() { impl_->run(); }

void Server::stop() {
  asio::post(impl_->control, [impl = impl_.get()] { impl->begin_stop(); });
}

}  // namespace dj::http
