// Serves the built web app (web/dist): precompressed .gz variants when the
// client accepts gzip, long cache lifetimes for content-hashed assets and
// no-cache (with ETag revalidation) for index.html, and the SPA fallback to
// index.html for client-side routes. Paths that try to leave the root are 404.
#pragma once

#include <optional>
#include <string>

#include "http/message.h"

namespace dj::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);  // root may not exist: then a built-in page is served

  // Returns a response for GET/HEAD requests it can serve, nullopt otherwise
  // (the caller then answers 404 in the JSON shape).
  std::optional<Response> serve(const Request& request) const;

 private:
  std::string root_;
};

}  // namespace dj::http
