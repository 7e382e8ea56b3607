// dangjian — 市级机关党建工作平台. See README.md and `dangjian --help`.
#include <sys/stat.h>

#include "app/cli.h"

int main(int argc, char** argv) {
  // The database, its backups and the key file hold personal data: never
  // world-readable, whatever the caller's umask.
  ::umask(027);
  return dj::app::run_cli(argc, argv, dj::app::product_modules());
}
