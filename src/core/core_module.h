// The platform's own module: its migrations and the operational routes every
// deployment has (/healthz, /readyz, /metrics). Registered first.
#pragma once

#include "core/module.h"
#include "http/metrics.h"

namespace dj {

Module core_module(http::Metrics& metrics, const std::vector<store::Migration>* all_migrations);

}  // namespace dj
