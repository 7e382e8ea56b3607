// dangjian — 市级机关党建工作平台. See README.md and `dangjian --help`.
#include "app/cli.h"

int main(int argc, char** argv) {
  return dj::app::run_cli(argc, argv, dj::app::product_modules());
}
