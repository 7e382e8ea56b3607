// Planning an organisation-tree import, without a database: given the rows
// of the file (after the importer's generic cleaning) and what exists, decide
// for every row whether it creates, updates (possibly moving) or leaves an
// organisation unchanged, or why it is rejected — and in which order to
// write so that every parent exists, and sits where it will stay, before its
// children are written under it. Kept pure so the rules (parents anywhere in
// the file, duplicate codes, cycles, scope) are tested on their own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/importer/importer.h"

namespace dj::org::import {

// One data row, values as the importer cleaned them ("" when blank or absent).
struct Row {
  std::int64_t row = 0;  // as the user sees it in the file
  std::string name, code, parent_code, parent_name, type, department, secretary, contact_zone, sort_order;
};

// An organisation already in the database.
struct Existing {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string path, code, name, type, department, secretary, contact_zone, status = "active";
  int sort_order = 0;
  bool in_scope = false;  // the importing user may change it and put things under it
};

struct Context {
  std::vector<Existing> existing;
  std::map<std::string, std::string> types;    // type code or name -> code (the dictionary)
  std::optional<std::int64_t> default_parent;  // for new rows with a blank parent (an existing, in-scope id)
  bool roots_allowed = false;                  // blank parent, no default: a new root (scope 全部 only)
};

// Where an organisation ends up: at the top, under an existing one, or under another row's.
struct ParentRef {
  enum class Kind { root, existing, row };
  Kind kind = Kind::root;
  std::int64_t id = 0;     // Kind::existing
  std::size_t index = 0;   // Kind::row: index into the rows passed to plan()
  bool operator==(const ParentRef&) const = default;
};

enum class Action { create, update, unchanged };

struct Step {
  Action action = Action::create;
  std::size_t index = 0;                   // into the rows
  std::optional<std::int64_t> existing_id; // update / unchanged
  ParentRef parent;
  bool moves = false;                      // an update that changes the parent
  // The values to store (for an update, blank cells keep what was there).
  std::string name, code, type, department, secretary, contact_zone;
  int sort_order = 0;
};

struct Plan {
  std::vector<Step> steps;                     // parents before children
  std::vector<importer::Rejection> rejected;   // by row, then field
  std::int64_t creates = 0, updates = 0, unchanged = 0;
};

Plan plan(const std::vector<Row>& rows, const Context& context);

}  // namespace dj::org::import
