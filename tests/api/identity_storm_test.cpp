// Identity API tests, part 6: a sign-in storm (issue #7) does not starve
// other requests. Sign-ins run on the server's password lane (server.h,
// docs/decisions.md 47); while dozens of them wait for an Argon2id slot, a
// signed-in user's cheap request is still answered at once, and every
// sign-in completes. The bounds are seconds for what takes milliseconds:
// before the lane, the cheap request waited for the whole storm.
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "identity_fixture.h"

namespace dj::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class IdentityStorm : public IdentityTest {};

TEST_P(IdentityStorm, SignInStormLeavesOtherRequestsPrompt) {
  make_world();
  Account u = create_user(*sysb_, "storm_user", "雷雨", org_a_);
  first_sign_in(u);

  // One password thread: 40 sign-ins then take ≥ 4 s (one ~0.1 s hash at a
  // time). Without the lane, the sign-ins waiting for it would hold all four
  // of the harness's workers.
  stop_server();
  server_ = std::make_unique<ServerProcess>(db_->url(), db_->dir(), std::vector<std::string>{"--password-threads", "1"});
  require(server_->start(), "server did not start:\n" + server_->log());
  auto b = sign_in(u);

  constexpr int kSignIns = 40;
  std::atomic<int> done{0};
  std::vector<int> statuses(kSignIns, 0);
  std::vector<std::thread> storm;
  const std::string body = json_text({{"username", u.username}, {"password", u.password}});
  for (int i = 0; i < kSignIns; ++i)
    storm.emplace_back([&, i] {
      try {
        statuses[i] = raw_request(port(), "POST", "/api/v1/auth/login", body).status;
      } catch (const std::exception&) {
        statuses[i] = -1;
      }
      done.fetch_add(1);
    });
  std::this_thread::sleep_for(300ms);  // the storm is queued

  for (int i = 0; i < 5; ++i) {
    auto t0 = Clock::now();
    Reply me = b->get("/api/v1/auth/me");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    EXPECT_EQ(me.status, 200) << me.body;
    EXPECT_LT(ms, 1500) << "GET /api/v1/auth/me took " << ms << " ms during the sign-in storm";
  }
  const int done_during_checks = done.load();
  for (auto& t : storm) t.join();

  EXPECT_LT(done_during_checks, kSignIns) << "the storm was over before the checks: nothing was tested";
  int ok = 0;
  for (int s : statuses) ok += s == 200;
  EXPECT_EQ(ok, kSignIns) << "every sign-in of the storm completes";
  // Each one is in the login log.
  EXPECT_GE(scalar("SELECT count(*) FROM login_log WHERE username = $1 AND success = 1", {u.username}), kSignIns);
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityStorm, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
