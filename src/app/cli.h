// The `dangjian` command line: serve, migrate, demo, backup, restore, version, admin, keys, audit, orgs import.
#pragma once

#include <vector>

#include "app/instance.h"

namespace dj::app {

// Runs the CLI with the given modules (the product's, or the product's plus
// test-only ones for the test server). Returns the process exit code.
int run_cli(int argc, char** argv, const std::vector<ModuleFactory>& modules);

}  // namespace dj::app
