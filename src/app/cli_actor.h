// Who a CLI command acts as in the audit trail: the operating-system user
// that ran it, as "cli:<user>" (the rule for every data command).
#pragma once

#include "core/audit/audit.h"

namespace dj::app {

audit::Actor cli_actor();

}  // namespace dj::app
