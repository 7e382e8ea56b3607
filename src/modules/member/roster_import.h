// Importing a 党员花名册 into one organisation's subtree: read the file
// (core/importer), check every row with the same rules as the form
// (check_member), classify each valid row against the store (new, changed,
// unchanged, or belonging to another organisation), then write all valid rows
// in one transaction — or nothing, for a dry run, or for all-or-nothing with
// any rejection. The same function serves the API's job and the CLI.
#pragma once

#include <cstdint>
#include <string>

#include "core/audit/audit.h"
#include "core/crypto/crypto.h"
#include "core/importer/importer.h"
#include "core/importer/jobs.h"
#include "core/orgtree/scope.h"
#include "store/store.h"

namespace dj::member {

struct RosterImportOptions {
  std::int64_t org_id = 0;      // the target organisation (rows go to it or to a 党支部 below it)
  bool dry_run = true;
  bool all_or_nothing = false;
  std::string sheet;            // xlsx worksheet; "" = the first visible one
  std::int64_t max_rows = 200000;
};

// Phases reported through JobProgress::phase.
const std::vector<std::string>& import_phases();  // reading, checking, writing, done

// `scope` is the caller's scope for member:import (everything for the CLI);
// organisations outside it are neither targets nor named in messages.
// Throws ApiError for file-level problems (unreadable file, no header, target
// organisation missing or dissolved).
importer::Report import_roster(store::Store& store, const crypto::Keyring& keys, const std::string& path,
                               const RosterImportOptions& options, const orgtree::Scope& scope,
                               const audit::Actor& actor, importer::JobProgress* progress = nullptr);

}  // namespace dj::member
