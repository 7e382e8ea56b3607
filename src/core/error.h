// The single error type handlers throw. The HTTP layer turns it into the one
// JSON error shape of the API:
//   {"error":{"code":"…","message":"中文说明","field":"…"}}
// `message` is what a user reads, so it is Simplified Chinese and says what to
// do; `code` is a stable English identifier for programs; `field` names the
// input at fault (a JSON path such as "members[3].id_number") when there is one.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace dj {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string message, std::string field = {})
      : std::runtime_error(message), status_(status), code_(std::move(code)),
        message_(std::move(message)), field_(std::move(field)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // The usual ones, so call sites read like the situation they describe.
  static ApiError bad_request(std::string message, std::string field = {}) {
    return {400, "bad_request", std::move(message), std::move(field)};
  }
  static ApiError unauthenticated() { return {401, "unauthenticated", "请先登录。"}; }
  static ApiError forbidden(std::string message = "您没有执行此操作的权限。") {
    return {403, "forbidden", std::move(message)};
  }
  static ApiError not_found(std::string message = "请求的资源不存在或您无权查看。") {
    return {404, "not_found", std::move(message)};
  }
  static ApiError conflict(std::string message, std::string field = {}) {
    return {409, "conflict", std::move(message), std::move(field)};
  }
  static ApiError invalid(std::string message, std::string field) {
    return {422, "invalid", std::move(message), std::move(field)};
  }
  static ApiError too_many(std::string message = "请求过于频繁，请稍后再试。") {
    return {429, "too_many_requests", std::move(message)};
  }

 private:
  int status_;
  std::string code_;
  std::string message_;
  std::string field_;
};

}  // namespace dj
