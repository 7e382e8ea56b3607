// `dangjian bench probe NAME`: the query limit of an endpoint — its SQL and
// JSON serialisation run in-process N times (see core/bench/bench.h and
// bench/README.md). Prints CPU and wall µs per call and a final JSON line.
#pragma once

#include <string>
#include <vector>

#include "app/config.h"
#include "app/instance.h"

namespace dj::app {

struct BenchProbeArgs {
  std::string name;               // "" = list the probes
  int iterations = 200;
  int warmup = 20;
  std::vector<std::string> args;  // "k=v"
};

int cmd_bench_probe(const Config& config, const std::vector<ModuleFactory>& modules, const BenchProbeArgs& args);

}  // namespace dj::app
