// Structured logging on spdlog: one line per event, as text for people or as
// JSON for log shippers (--log-format). Callers pass fields, never format
// strings built from user input, so JSON lines are always well formed.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace dj::log {

enum class Format { text, json };

struct Field {
  std::string_view key;
  std::string value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, long long v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, long v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, int v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, unsigned long v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, unsigned long long v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, double v);
};

// Call once at start-up; before it, messages go to stderr as text.
// level: trace|debug|info|warn|error|off.
void init(Format format, std::string_view level = "info");

void debug(std::string_view msg, std::initializer_list<Field> fields = {});
void info(std::string_view msg, std::initializer_list<Field> fields = {});
void warn(std::string_view msg, std::initializer_list<Field> fields = {});
void error(std::string_view msg, std::initializer_list<Field> fields = {});

// Escapes a string for a JSON string literal (without the quotes).
std::string json_escape(std::string_view s);

}  // namespace dj::log
