// A test-only module compiled into `dangjian-testd` (never into `dangjian`):
// routes that let the API tests exercise the platform — a durable write, every
// error status, a slow handler, an upload — through the real server.
#pragma once

#include "core/module.h"

namespace dj::test {
Module selftest_module();
}
