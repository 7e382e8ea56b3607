// The composition root: opens the store, applies every module's migrations,
// installs every module's routes. Used by `serve` and by the CLI commands
// that need a migrated store.
#pragma once

#include <memory>
#include <vector>

#include "app/config.h"
#include "core/identity/services.h"
#include "core/importer/jobs.h"
#include "core/module.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/store.h"

namespace dj::app {

using ModuleFactory = Module (*)();

// The modules of the product (src/app/modules.cpp), in dependency order.
std::vector<ModuleFactory> product_modules();

class Instance {
 public:
  // Opens the store and builds the module list (core first, then `modules`).
  Instance(const Config& config, const std::vector<ModuleFactory>& modules);
  ~Instance();

  store::Store& store() { return *store_; }
  identity::Services& identity() { return *identity_; }
  const crypto::Keyring& keys() const { return *keys_; }
  http::Metrics& metrics() { return metrics_; }
  http::Router& router() { return router_; }
  importer::Jobs& jobs() { return jobs_; }
  // What modules get at install and demo time. `actor_name` names the CLI
  // user in audit rows ("" when serving).
  ModuleContext module_context(std::string actor_name = "");
  const std::vector<store::Migration>& migrations() const { return migrations_; }
  // Core first, then the product modules in list order (bench-data walks them).
  std::vector<Module>& modules() { return modules_; }

  // Applies pending migrations; returns the ids applied.
  std::vector<std::string> migrate();
  // Registers every module's routes (and the store metrics).
  void install_routes();
  // Runs each module's demo seeding once; returns false when already seeded.
  bool seed_demo();

 private:
  void check_key_file();
  Config config_;
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<crypto::Keyring> keys_;
  std::unique_ptr<identity::Services> identity_;
  std::unique_ptr<http::Guard> guard_;
  http::Metrics metrics_;
  http::Router router_;
  std::vector<Module> modules_;
  importer::Jobs jobs_;
  std::vector<store::Migration> migrations_;
};

}  // namespace dj::app
