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

namespace dj {

struct ModuleContext {
  http::Router& router;
  store::Store& store;
  identity::Services& identity;
};

struct Module {
  std::string name;                          // folder name, e.g. "org"
  std::vector<store::Migration> migrations;  // from dj_embed_migrations()
  std::function<void(ModuleContext&)> install;       // registers routes
  std::function<void(store::Store&)> seed_demo;      // writes demo data (optional)
};

}  // namespace dj
