#include "app/instance.h"

#include "app/cli_actor.h"

#include <chrono>
#include <random>

#include "core/core_module.h"
#include "core/audit/audit.h"
#include "core/identity/guard.h"
#include "core/identity/identity.h"
#include "core/log.h"

std::vector<dj::store::Migration> dj_migrations_core();

namespace dj::app {
namespace {

std::string random_hex(int bytes) {
  std::random_device rd;
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    unsigned v = rd() & 0xffu;
    out += digits[v >> 4];
    out += digits[v & 0xf];
  }
  return out;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Instance::Instance(const Config& config, const std::vector<ModuleFactory>& modules)
    : config_(config) {
  store::Options options;
  options.pool_size = config.effective_pool_size();
  store_ = store::open(config.db_url(), options);
  keys_ = crypto::Keyring::load_or_create(config.effective_key_file());
  audit::set_chain_key(keys_->derive_key("audit-chain"));
  identity_ = std::make_unique<identity::Services>(*store_, keys_, config.effective_key_file(),
                                                  config.secure_cookies);
  modules_.push_back(core_module(metrics_, &migrations_));
  for (auto factory : modules) modules_.push_back(factory());
  for (const auto& m : modules_)
    migrations_.insert(migrations_.end(), m.migrations.begin(), m.migrations.end());
}

Instance::~Instance() = default;

std::vector<std::string> Instance::migrate() {
  auto status = store::migrate(*store_, migrations_);
  // Facts about this installation, written once.
  store_->write([&](store::Conn& c) {
    c.exec("INSERT INTO instance_info(key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
           {std::string("instance_id"), random_hex(16)});
    c.exec("INSERT INTO instance_info(key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
           {std::string("created_at_ms"), std::to_string(now_ms())});
  });
  identity::prepare(*store_);
  check_key_file();
  for (const auto& id : status.applied) log::info("migration applied", {{"id", id}});
  return status.applied;
}

// The key file must be the one the database was encrypted with: a missing
// file silently replaced by fresh keys, or another deployment's file, would
// make every encrypted value unreadable. A sentinel encrypted at the first
// start is decrypted at every start.
void Instance::check_key_file() {
  static constexpr const char* kSentinel = "dangjian-key-check";
  auto stored = store_->read([](store::Conn& c) {
    return c.scalar_text("SELECT value FROM instance_info WHERE key = 'key_check'");
  });
  if (!stored) {
    store_->write([&](store::Conn& c) {
      c.exec("INSERT INTO instance_info(key, value) VALUES ('key_check', $1) ON CONFLICT (key) DO NOTHING",
             {keys_->encrypt(kSentinel)});
    });
    return;
  }
  bool ok = false;
  try {
    ok = keys_->decrypt(*stored) == kSentinel;
  } catch (const std::exception&) {
  }
  if (!ok)
    throw std::runtime_error("密钥文件与数据库不匹配：" + config_.effective_key_file() +
                             " 不是加密这个数据库时使用的密钥文件（可能丢失后被新建，或指向了别的部署）。"
                             "请恢复原密钥文件，或用 --key-file 指定它。 / the key file does not match the "
                             "database; restore the original key file");
}

void Instance::install_routes() {
  // The guard first: every route is validated against it as it is added.
  guard_ = identity::make_guard(*identity_);
  router_.set_guard(guard_.get());
  ModuleContext ctx = module_context();
  for (auto& m : modules_)
    if (m.install) m.install(ctx);
}

ModuleContext Instance::module_context(std::string actor_name) {
  return ModuleContext{router_, *store_, *identity_, jobs_, config_.data_dir, std::move(actor_name)};
}

bool Instance::seed_demo() {
  bool seeded = store_->read([](store::Conn& c) {
    return c.scalar_text("SELECT value FROM instance_info WHERE key = $1",
                         {std::string("demo_seeded_at_ms")})
        .has_value();
  });
  if (seeded) return false;
  ModuleContext ctx = module_context(cli_actor().username);
  for (auto& m : modules_)
    if (m.seed_demo) {
      log::info("seeding demo data", {{"module", m.name}});
      m.seed_demo(ctx);
    }
  store_->write([](store::Conn& c) {
    c.exec("INSERT INTO instance_info(key, value) VALUES ($1, $2)",
           {std::string("demo_seeded_at_ms"), std::to_string(now_ms())});
  });
  return true;
}

}  // namespace dj::app
