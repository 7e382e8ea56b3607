// Importing an organisation tree from an .xlsx or CSV file: the one entry
// point the upload job and the CLI (`dangjian orgs import`) share.
//
// The file is read and cleaned by the core importer; the rows are planned
// (import_plan.h) inside the same transaction that writes them, so what the
// plan saw is what it changes. A real run is one transaction: every created
// or updated organisation gets its own audit row (with the before → after
// diff, so an organisation's history shows the import), plus one summary
// row "org.import" with the counts. A dry run reads only and writes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/audit/audit.h"
#include "core/importer/importer.h"
#include "core/orgtree/scope.h"
#include "store/store.h"

namespace dj::org {

struct ImportOptions {
  bool dry_run = false;
  // Any rejected row: nothing is written (and the report says so).
  bool all_or_nothing = false;
  // The parent of new rows whose parent cells are blank: an id (the web
  // page) or a code (the CLI's --parent). Neither: such rows become new
  // roots when the scope is 全部, and are rejected otherwise.
  std::optional<std::int64_t> parent_id;
  std::string parent_code;
  // Whose organisations the import may touch; the CLI imports with everything.
  orgtree::Scope scope = orgtree::Scope::everything();
  // Phases 0 reading, 1 checking, 2 writing; done/total in rows (total 0 = unknown).
  std::function<void(int phase, std::int64_t done, std::int64_t total)> on_progress;
};

// Throws dj::ApiError (422) when the file cannot be read as a table (see
// importer::read_table) or the default parent is unusable; row problems are
// rejections in the report, never exceptions.
importer::Report import_file(store::Store& store, const std::string& path, const ImportOptions& options,
                             const audit::Actor& actor, importer::Progress* progress = nullptr);

}  // namespace dj::org
