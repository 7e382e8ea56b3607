// dangjian-testd: the product binary plus the test-only selftest module.
// Same CLI, same server, same store code; used by the API and crash tests.
#include <sys/stat.h>

#include "app/cli.h"
#include "selftest_module.h"

int main(int argc, char** argv) {
  ::umask(027);  // as the product binary does
  auto modules = dj::app::product_modules();
  modules.push_back(&dj::test::selftest_module);
  return dj::app::run_cli(argc, argv, modules);
}
