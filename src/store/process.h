// Running an external tool (pg_dump, pg_restore) and keeping what it said on
// stderr for the error message.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dj::store::detail {

struct ProcessResult {
  bool not_found = false;  // the program is not on PATH
  int exit_code = -1;      // -1 when it could not start or died from a signal
  std::string stderr_text; // first 64 KiB
};

// Runs argv[0] (looked up on PATH) with argv, the current environment plus
// `extra_env` (NAME, value), stdin and stdout on /dev/null. Blocks until it exits.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& extra_env = {});

}  // namespace dj::store::detail
