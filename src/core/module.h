// What a domain module gives the platform: its migrations, its routes and,
// optionally, its demo data. The application (src/app) lists the modules;
// the core and the other modules never name one.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/identity/services.h"
#include "http/router.h"
#include "store/migrations.h"
#include "store/store.h"

namespace dj::importer {
class Jobs;
}
namespace dj::bench {
struct Scale;
}

namespace dj {

struct ModuleContext {
  http::Router& router;
  store::Store& store;
  identity::Services& identity;  // also the key ring: identity.keys()
  importer::Jobs& jobs;          // background work requests start and browsers poll
  std::string data_dir;          // uploads are spooled under <data_dir>/tmp
  std::string actor_name;        // who the CLI runs as ("cli:root"); "" when serving
};

struct Module {
  std::string name;                          // folder name, e.g. "org"
  std::vector<store::Migration> migrations;  // from dj_embed_migrations()
  std::function<void(ModuleContext&)> install;       // registers routes
  // Writes demo data (optional); modules run in list order, so a module may
  // rely on the demo data of the modules before it.
  std::function<void(ModuleContext&)> seed_demo;
  // Writes the module's part of a benchmark data set (optional; issue 7,
  // `dangjian bench-data`), in list order like the demo, through the
  // module's own store code. Must be deterministic for a given scale.
  std::function<void(ModuleContext&, const bench::Scale&)> seed_bench;
};

}  // namespace dj
