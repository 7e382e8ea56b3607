// `dangjian bench-data --scale city|province|N` (issue 7): writes a
// deterministic benchmark data set through every module's own store code
// into a fresh database, then reports generation time, rows per second and
// the database size (and one JSON line for bench/run). See bench/README.md.
#pragma once

#include <string>
#include <vector>

#include "app/config.h"
#include "app/instance.h"

namespace dj::app {

int cmd_bench_data(const Config& config, const std::vector<ModuleFactory>& modules, const std::string& scale);

}  // namespace dj::app
