#include "app/cli_actor.h"

#include <pwd.h>
#include <unistd.h>

namespace dj::app {

audit::Actor cli_actor() {
  audit::Actor a;
  const passwd* pw = getpwuid(geteuid());
  a.username = "cli:" + (pw && pw->pw_name ? std::string(pw->pw_name) : "uid" + std::to_string(geteuid()));
  a.ip = "local";
  a.user_agent = "dangjian-cli";
  return a;
}

}  // namespace dj::app
