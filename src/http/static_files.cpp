#include "http/static_files.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

#include "http/ascii.h"

namespace dj::http {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kBuiltinPage = R"(<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>党建工作平台</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#333;line-height:1.7}h1{color:#c00;font-size:1.5em}code{background:#f4f4f4;padding:0 .3em}</style>
</head>
<body>
<h1>党建工作平台正在运行</h1>
<p>党建工作平台正在运行 — 网页应用尚未构建，或未找到其目录。</p>
<p>请在源码的 <code>web/</code> 目录执行 <code>npm ci &amp;&amp; npm run build</code>，或在启动时指定已构建好的网页目录。接口服务（<code>/api/v1/…</code>）不受影响，可以正常使用。</p>
</body>
</html>
)";

// Refuses anything that could name a file outside the root once joined to
// it: "..", ".", hidden files (".env", ".git"), backslashes and NULs. The
// path is already percent-decoded, so "%2e%2e" arrives here as "..".
bool safe_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos)
    return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(start, end - start);
    if (!seg.empty() && seg.front() == '.') return false;
    start = end + 1;
  }
  return true;
}

std::string_view content_type_for(const fs::path& file) {
  std::string ext = ascii::to_lower(file.extension().string());
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".gif") return "image/gif";
  if (ext == ".webp") return "image/webp";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "application/octet-stream";
}

// True when the client lists gzip with a non-zero q value.
bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    std::size_t semi = item.find(';');
    std::string_view coding = ascii::trim(item.substr(0, semi));
    if (!ascii::iequals(coding, "gzip") && !ascii::iequals(coding, "x-gzip")) continue;
    if (semi == std::string_view::npos) return true;
    std::string_view param = ascii::trim(item.substr(semi + 1));
    if (param.size() < 2 || ascii::lower(param[0]) != 'q' || param[1] != '=') return true;
    return std::strtod(std::string(param.substr(2)).c_str(), nullptr) > 0;
  }
  return false;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    std::size_t comma = if_none_match.find(',');
    std::string_view tag = ascii::trim(if_none_match.substr(0, comma));
    if_none_match =
        comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);  // weak comparison (RFC 9110 §13.1.2)
    if (tag == etag) return true;
  }
  return false;
}

std::string hex(std::uint64_t v) {
  char buf[17];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, 16);
  return std::string(buf, end);
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// `inside` must be canonical; symlinks under the root that point elsewhere are refused too.
bool within(const fs::path& inside, const fs::path& file) {
  std::error_code ec;
  fs::path real = fs::canonical(file, ec);
  if (ec) return false;
  return std::mismatch(inside.begin(), inside.end(), real.begin(), real.end()).first == inside.end();
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data;
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size < 0) return std::nullopt;
  data.resize(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(data.data(), size)) return std::nullopt;
  return data;
}

std::optional<Response> send_file(const fs::path& file, bool immutable, const Request& request) {
  fs::path gz = file;
  gz += ".gz";
  bool has_gz = is_file(gz);
  bool use_gz = has_gz && accepts_gzip(request.header("Accept-Encoding"));
  const fs::path& chosen = use_gz ? gz : file;

  // Stat on every request: a redeployed web/dist must be picked up at once.
  std::error_code ec;
  auto size = fs::file_size(chosen, ec);
  if (ec) return std::nullopt;
  auto mtime = fs::last_write_time(chosen, ec);
  if (ec) return std::nullopt;
  // Size and modification time change with every rebuild; built by appending
  // because GCC 12 -O3 reports a bogus -Wrestrict for "\"" + std::string.
  std::string etag;
  etag += '"';
  etag += hex(size);
  etag += '-';
  etag += hex(static_cast<std::uint64_t>(mtime.time_since_epoch().count()));
  if (use_gz) etag += "-gz";
  etag += '"';

  Response r;
  r.content_type = std::string(content_type_for(file));
  // Hashed asset names change with their content, so they may be cached for
  // good; anything else (index.html above all) must be revalidated, or users
  // keep running yesterday's app against today's API.
  r.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.set_header("ETag", etag);
  if (has_gz) r.set_header("Vary", "Accept-Encoding");

  if (etag_matches(request.header("If-None-Match"), etag)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  auto data = read_file(chosen);
  if (!data) return std::nullopt;
  r.body = std::move(*data);
  if (use_gz) r.set_header("Content-Encoding", "gzip");
  return r;
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  if (request.method != Method::GET && request.method != Method::HEAD) return std::nullopt;
  const std::string& path = request.path;
  if (!safe_path(path)) return std::nullopt;

  std::error_code ec;
  fs::path root = root_.empty() ? fs::path{} : fs::canonical(root_, ec);
  if (root_.empty() || ec || !fs::is_directory(root, ec)) {
    if (path != "/" && path != "/index.html") return std::nullopt;
    Response r = Response::text(std::string(kBuiltinPage), "text/html; charset=utf-8");
    r.set_header("Cache-Control", "no-cache");
    return r;
  }

  fs::path index = root / "index.html";
  if (path == "/") return within(root, index) ? send_file(index, false, request) : std::nullopt;

  fs::path file = root / fs::path(path.substr(1));
  if (is_file(file)) {
    if (!within(root, file)) return std::nullopt;
    return send_file(file, ascii::starts_with_path(path, "/assets") && path != "/assets", request);
  }

  // SPA fallback: "/members/12" is a client-side route, so the app's shell
  // answers it. Names with an extension are real files that are missing
  // (a stale asset link) and get a 404 instead of HTML.
  std::string_view last = std::string_view(path).substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos || ascii::starts_with_path(path, "/api"))
    return std::nullopt;
  if (!is_file(index) || !within(root, index)) return std::nullopt;
  return send_file(index, false, request);
}

}  // namespace dj::http
