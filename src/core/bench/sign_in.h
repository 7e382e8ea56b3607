// The account `dangjian bench-data` creates for bench/run to sign in with
// (bench_admin, committee_admin over the whole tree) and its password, set
// by the member module's bench seeder and printed by the command in its
// final JSON line. Never stored: only the hash is in the database.
#pragma once

#include <string>

namespace dj::bench {

struct SignIn {
  std::string username, password;
  std::string users_prefix;  // the other accounts: <prefix>00001, … (same password)
};

inline SignIn& sign_in() {
  static SignIn s;
  return s;
}

}  // namespace dj::bench
