#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

namespace dj::log {
namespace {

Format g_format = Format::text;

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v)
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  return false;
}

std::string render(std::string_view msg, std::initializer_list<Field> fields) {
  std::string out;
  out.reserve(64 + msg.size());
  if (g_format == Format::json) {
    out += "\"msg\":\"";
    out += json_escape(msg);
    out += '"';
    for (const auto& f : fields) {
      out += ",\"";
      out += json_escape(f.key);
      out += "\":\"";
      out += json_escape(f.value);
      out += '"';
    }
  } else {
    out += msg;
    for (const auto& f : fields) {
      out += ' ';
      out += f.key;
      out += '=';
      if (needs_quotes(f.value)) {
        out += '"';
        out += json_escape(f.value);
        out += '"';
      } else {
        out += f.value;
      }
    }
  }
  return out;
}

}  // namespace

Field::Field(std::string_view k, double v) : key(k) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  value = buf;
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

void init(Format format, std::string_view level) {
  g_format = format;
  auto logger = spdlog::stderr_logger_mt("dangjian");
  spdlog::set_default_logger(logger);
  if (format == Format::json)
    spdlog::set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
  else
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  spdlog::set_level(spdlog::level::from_str(std::string(level)));
  spdlog::flush_on(spdlog::level::info);
}

void debug(std::string_view msg, std::initializer_list<Field> f) {
  if (spdlog::should_log(spdlog::level::debug)) spdlog::debug("{}", render(msg, f));
}
void info(std::string_view msg, std::initializer_list<Field> f) { spdlog::info("{}", render(msg, f)); }
void warn(std::string_view msg, std::initializer_list<Field> f) { spdlog::warn("{}", render(msg, f)); }
void error(std::string_view msg, std::initializer_list<Field> f) { spdlog::error("{}", render(msg, f)); }

}  // namespace dj::log
