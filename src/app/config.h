// Settings of one running instance. Every field has a command-line flag and a
// DANGJIAN_* environment variable (flags win); see `dangjian serve --help`.
#pragma once

#include <string>
#include <vector>

namespace dj::app {

struct Config {
  std::string data_dir = "data";      // SQLite file, lock file, later uploads and keys
  std::string db;                     // "" = sqlite:<data_dir>/dangjian.db
  std::string listen = "127.0.0.1:8080";
  int io_threads = 2;
  int workers = 0;                    // 0 = 2 × cores, at least 4
  int password_threads = 0;           // password lane threads = concurrent Argon2id hashes; 0 = cores - 1, at least 1
  std::string log_format = "text";    // text | json
  std::string log_level = "info";
  std::string web_root = "web/dist";
  int max_upload_mb = 50;
  int read_timeout_s = 15;
  int idle_timeout_s = 60;
  int shutdown_grace_s = 10;
  std::string key_file;               // "" = <data_dir>/keys/dangjian.key
  bool secure_cookies = false;        // set behind HTTPS (the reverse proxy terminates TLS)
  std::vector<std::string> trusted_proxies;  // whose X-Forwarded-For is believed
  int tasks_from_hour = 7;            // daily tasks (reminders) run from this Beijing hour; -1 = never here

  std::string effective_key_file() const;

  // The effective store URL.
  std::string db_url() const;
  // Worker threads after applying the default.
  int effective_workers() const;
  // Password lane threads (http::ServerOptions::password_threads), which is
  // also the bound on concurrent Argon2id hashes (64 MiB each). The default
  // leaves one core to other requests during a sign-in storm.
  int effective_password_threads() const;
  // Store connections: one per worker and per password lane thread, so no
  // handler waits for a connection another kind of handler holds.
  int effective_pool_size() const;
  bool is_sqlite() const;
};

}  // namespace dj::app
