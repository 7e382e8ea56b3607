#include "modules/org/import_plan.h"

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/orgtree/validate.h"
#include "modules/org/fields.h"

namespace dj::org::import {
namespace {

using importer::Rejection;

// Rows and existing organisations share one key space while walking up the
// final tree: a row is -(index + 1), an existing organisation its id, and 0
// is "above the roots".
using Key = std::int64_t;
Key row_key(std::size_t i) { return -static_cast<Key>(i) - 1; }
bool is_row(Key k) { return k < 0; }
std::size_t row_index(Key k) { return static_cast<std::size_t>(-k - 1); }

std::string quoted(const std::string& s) { return "“" + s + "”"; }

std::string row_list(const std::vector<std::int64_t>& rows) {
  std::string out;
  for (const auto r : rows) out += (out.empty() ? "" : "、") + std::to_string(r);
  return out;
}

class Planner {
 public:
  Planner(const std::vector<Row>& rows, const Context& ctx)
      : rows_(rows), ctx_(ctx), n_(rows.size()), rejected_(n_, false), clean_(n_), type_(n_), sort_(n_),
        match_(n_, nullptr), parent_(n_), parent_field_(n_, "parent_code") {
    for (const auto& e : ctx_.existing) {
      by_code_[e.code] = &e;
      by_id_[e.id] = &e;
      if (e.in_scope && e.status == "active") by_name_.emplace(e.name, &e);
    }
  }

  Plan run() {
    check_fields();
    check_duplicates();
    match_existing();
    for (std::size_t i = 0; i < n_; ++i)
      if (!rejected_[i]) resolve_parent(i);
    settle_tree();
    return steps();
  }

 private:
  void reject(std::size_t i, const std::string& field, const std::string& code, const std::string& message) {
    rejected_[i] = true;
    out_.rejected.push_back(Rejection{rows_[i].row, field, code, message});
  }

  // Runs a core check; its ApiError becomes a rejection of the row.
  template <class F>
  void check(std::size_t i, const std::string& field, const std::string& code, F&& fn) {
    try {
      fn();
    } catch (const ApiError& e) {
      reject(i, field, code, e.message());
    }
  }

  // The checks that need nothing but the row: what create() would refuse.
  void check_fields() {
    for (std::size_t i = 0; i < n_; ++i) {
      const Row& r = rows_[i];
      Row& c = clean_[i];
      if (r.name.empty()) reject(i, "name", "required", "组织名称不能为空。");
      else check(i, "name", "invalid", [&] { c.name = orgtree::detail::checked_name(r.name); });
      if (r.code.empty()) reject(i, "code", "required", "组织编码不能为空。");
      else check(i, "code", "invalid", [&] { c.code = orgtree::detail::checked_code(r.code); });
      if (r.type.empty()) {
        reject(i, "type", "required", "组织类型不能为空。");
      } else if (auto t = ctx_.types.find(r.type); t != ctx_.types.end()) {
        type_[i] = t->second;
      } else {
        std::set<std::string> known;
        for (const auto& [k, code] : ctx_.types) known.insert(code);
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : "、") + k;
        reject(i, "type", "unknown_type", "组织类型" + quoted(r.type) + "不在组织类型字典中，应为：" + list + "。");
      }
      check(i, "department", "invalid", [&] { c.department = orgtree::detail::checked_department(r.department); });
      check(i, "secretary", "invalid", [&] { c.secretary = checked_secretary(r.secretary); });
      check(i, "contact_zone", "invalid", [&] { c.contact_zone = checked_contact_zone(r.contact_zone); });
      if (!r.sort_order.empty())
        check(i, "sort_order", "invalid", [&] { sort_[i] = checked_sort_order_text(r.sort_order); });
    }
  }

  // A code twice in the file: which row is meant cannot be guessed, so both go.
  void check_duplicates() {
    std::map<std::string, std::vector<std::size_t>> seen;
    for (std::size_t i = 0; i < n_; ++i)
      if (!rows_[i].code.empty()) seen[rows_[i].code].push_back(i);
    for (const auto& [code, at] : seen) {
      if (at.size() == 1) {
        file_code_[code] = at.front();
        continue;
      }
      duplicated_.insert(code);
      std::vector<std::int64_t> numbers;
      for (const auto i : at) numbers.push_back(rows_[i].row);
      for (const auto i : at)
        reject(i, "code", "duplicate_in_file",
               "组织编码" + quoted(code) + "在文件中出现了 " + std::to_string(at.size()) + " 次（第 " +
                   row_list(numbers) + " 行），每个编码只能出现一次。");
    }
  }

  void match_existing() {
    for (std::size_t i = 0; i < n_; ++i) {
      if (rejected_[i]) continue;
      auto it = by_code_.find(clean_[i].code);
      if (it == by_code_.end()) continue;
      const Existing* e = it->second;
      if (!e->in_scope)
        reject(i, "code", "code_taken", "组织编码" + quoted(e->code) + "已被您管理范围以外的组织使用。");
      else if (e->status != "active")
        reject(i, "code", "dissolved", "编码为" + quoted(e->code) + "的组织已撤销，不能通过导入修改。");
      else
        match_[i] = e;
    }
  }

  // The current parent of an existing row, which it may keep whatever the
  // scope (a scoped user's top organisation has a parent outside the scope).
  const Existing* current_parent(std::size_t i) const {
    if (!match_[i] || !match_[i]->parent_id) return nullptr;
    auto it = by_id_.find(*match_[i]->parent_id);
    return it == by_id_.end() ? nullptr : it->second;
  }

  std::optional<ParentRef> by_code(std::size_t i, const std::string& code, const std::string& field) {
    if (code == clean_[i].code) {
      reject(i, field, "cycle", "上级组织不能是它自己。");
      return std::nullopt;
    }
    if (duplicated_.contains(code)) {
      reject(i, field, "parent_rejected", "上级组织编码" + quoted(code) + "在文件中重复出现，无法确定上级组织。");
      return std::nullopt;
    }
    if (auto f = file_code_.find(code); f != file_code_.end()) {
      if (rejected_[f->second]) {
        reject(i, field, "parent_rejected",
               "上级组织（第 " + std::to_string(rows_[f->second].row) + " 行）未能导入，本行也无法导入。");
        return std::nullopt;
      }
      return ParentRef{ParentRef::Kind::row, 0, f->second};
    }
    if (const Existing* p = current_parent(i); p && p->code == code)
      return ParentRef{ParentRef::Kind::existing, p->id, 0};
    if (auto e = by_code_.find(code); e != by_code_.end() && e->second->in_scope) {
      if (e->second->status != "active") {
        reject(i, field, "parent_dissolved", "上级组织" + quoted(e->second->name) + "已撤销。");
        return std::nullopt;
      }
      return ParentRef{ParentRef::Kind::existing, e->second->id, 0};
    }
    reject(i, field, "unknown_parent",
           "找不到编码为" + quoted(code) + "的上级组织：文件中没有这一行，您管理的组织中也没有这个编码。");
    return std::nullopt;
  }

  void resolve_parent(std::size_t i) {
    const Row& r = rows_[i];
    std::optional<ParentRef> p;
    if (!r.parent_code.empty()) {
      p = by_code(i, r.parent_code, "parent_code");
    } else if (!r.parent_name.empty()) {
      parent_field_[i] = "parent_name";
      if (const Existing* cur = current_parent(i); cur && cur->name == r.parent_name) {
        p = ParentRef{ParentRef::Kind::existing, cur->id, 0};
      } else {
        // Names are not unique: a name must point at exactly one organisation.
        std::set<std::string> codes;
        for (std::size_t j = 0; j < n_; ++j)
          if (j != i && rows_[j].name == r.parent_name && !rows_[j].code.empty()) codes.insert(rows_[j].code);
        for (auto [it, end] = by_name_.equal_range(r.parent_name); it != end; ++it) codes.insert(it->second->code);
        codes.erase(clean_[i].code);
        if (codes.empty()) {
          reject(i, "parent_name", "unknown_parent",
                 "找不到名称为" + quoted(r.parent_name) + "的上级组织：文件中没有这一行，您管理的组织中也没有这个名称。");
        } else if (codes.size() > 1) {
          std::string list;
          for (const auto& c : codes) list += (list.empty() ? "" : "、") + c;
          reject(i, "parent_name", "ambiguous_parent",
                 "上级组织名称" + quoted(r.parent_name) + "对应多个组织（编码 " + list + "），请改填上级组织编码。");
        } else {
          p = by_code(i, *codes.begin(), "parent_name");
        }
      }
    } else if (match_[i]) {
      // A blank parent never moves an existing organisation.
      p = match_[i]->parent_id ? ParentRef{ParentRef::Kind::existing, *match_[i]->parent_id, 0} : ParentRef{};
    } else if (ctx_.default_parent) {
      p = ParentRef{ParentRef::Kind::existing, *ctx_.default_parent, 0};
    } else if (ctx_.roots_allowed) {
      p = ParentRef{};
    } else {
      reject(i, "parent_code", "parent_required", "请填写上级组织编码或上级组织名称，或在导入时选择默认的上级组织。");
    }
    if (p) parent_[i] = *p;
  }

  // The parent of a node in the tree as it will be once the plan is written.
  Key parent_key(Key k, const std::map<std::int64_t, std::size_t>& live) const {
    auto existing = [&](std::int64_t id) -> Key {
      auto it = live.find(id);
      return it == live.end() ? id : row_key(it->second);
    };
    if (is_row(k)) {
      const ParentRef& p = parent_[row_index(k)];
      switch (p.kind) {
        case ParentRef::Kind::root: return 0;
        case ParentRef::Kind::existing: return existing(p.id);
        case ParentRef::Kind::row: return row_key(p.index);
      }
      return 0;
    }
    auto it = by_id_.find(k);
    if (it == by_id_.end() || !it->second->parent_id) return 0;
    return existing(*it->second->parent_id);
  }

  std::map<std::int64_t, std::size_t> live_rows() const {
    std::map<std::int64_t, std::size_t> live;  // existing id -> the row that will rewrite it
    for (std::size_t i = 0; i < n_; ++i)
      if (!rejected_[i] && match_[i]) live[match_[i]->id] = i;
    return live;
  }

  // Walks up from every row through the final tree: a walk that comes back
  // to itself is a cycle (its rows are rejected), a walk that reaches a
  // rejected row rejects the rows hanging directly below it. Rejecting rows
  // changes the final tree (their organisations stay where they are), so
  // the walk repeats until a pass rejects nothing.
  void settle_tree() {
    for (std::size_t pass = 0; pass <= n_ + 1; ++pass) {
      const auto live = live_rows();
      bool changed = false;
      enum : int { unseen = 0, walking = 1, ok = 2, blocked = 3 };
      std::map<Key, int> state;
      for (std::size_t i = 0; i < n_; ++i) {
        if (rejected_[i]) continue;
        std::vector<Key> path;
        Key k = row_key(i);
        int result = ok;
        std::optional<std::size_t> rejected_above;
        for (;;) {
          if (k == 0) break;
          if (is_row(k) && rejected_[row_index(k)]) {
            result = blocked;
            rejected_above = row_index(k);
            break;
          }
          const int s = state[k];
          if (s == ok || s == blocked) {
            result = s;
            break;
          }
          if (s == walking) {
            reject_cycle(path, k);
            changed = true;
            result = blocked;
            break;
          }
          state[k] = walking;
          path.push_back(k);
          k = parent_key(k, live);
        }
        for (const Key p : path) state[p] = result;
        if (rejected_above) {
          // Rows that name the rejected row as their parent cannot be
          // written. A row under an existing organisation that the rejected
          // row would have rewritten is fine (the organisation stays where
          // it is), so it and everything below an existing organisation are
          // judged again in the next pass, without the rejected row.
          std::size_t above = *rejected_above;
          for (auto it = path.rbegin(); it != path.rend() && is_row(*it); ++it) {
            const std::size_t j = row_index(*it);
            if (parent_[j].kind != ParentRef::Kind::row) break;
            if (!rejected_[j])
              reject(j, parent_field_[j], "parent_rejected",
                     "上级组织（第 " + std::to_string(rows_[above].row) + " 行）未能导入，本行也无法导入。");
            above = j;
          }
          changed = true;
        }
      }
      if (!changed) return;
    }
  }

  void reject_cycle(const std::vector<Key>& path, Key again) {
    const auto from = std::find(path.begin(), path.end(), again);
    std::vector<std::int64_t> numbers;
    for (auto it = from; it != path.end(); ++it)
      if (is_row(*it)) numbers.push_back(rows_[row_index(*it)].row);
    std::sort(numbers.begin(), numbers.end());
    for (auto it = from; it != path.end(); ++it)
      if (is_row(*it) && !rejected_[row_index(*it)])
        reject(row_index(*it), parent_field_[row_index(*it)], "cycle",
               "上级关系形成了循环（第 " + row_list(numbers) + " 行），请检查上级组织。");
  }

  // Depth in the final tree, so that sorting by it writes parents first.
  std::map<Key, int> levels(const std::map<std::int64_t, std::size_t>& live) const {
    std::map<Key, int> level{{0, 0}};
    for (std::size_t i = 0; i < n_; ++i) {
      if (rejected_[i]) continue;
      std::vector<Key> path;
      Key k = row_key(i);
      while (!level.contains(k)) {
        path.push_back(k);
        k = parent_key(k, live);
      }
      int l = level[k];
      for (auto it = path.rbegin(); it != path.rend(); ++it) level[*it] = ++l;
    }
    return level;
  }

  Plan steps() {
    const auto live = live_rows();
    const auto level = levels(live);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < n_; ++i)
      if (!rejected_[i]) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return level.at(row_key(a)) < level.at(row_key(b)); });
    for (const std::size_t i : order) {
      const Row& c = clean_[i];
      Step s;
      s.index = i;
      s.parent = parent_[i];
      // A parent row that rewrites an existing organisation is that organisation.
      if (s.parent.kind == ParentRef::Kind::row && match_[s.parent.index])
        s.parent = ParentRef{ParentRef::Kind::existing, match_[s.parent.index]->id, 0};
      s.name = c.name;
      s.code = c.code;
      s.type = type_[i];
      if (const Existing* e = match_[i]) {
        s.existing_id = e->id;
        s.department = c.department.empty() ? e->department : c.department;
        s.secretary = c.secretary.empty() ? e->secretary : c.secretary;
        s.contact_zone = c.contact_zone.empty() ? e->contact_zone : c.contact_zone;
        s.sort_order = sort_[i].value_or(e->sort_order);
        const std::optional<std::int64_t> to =
            s.parent.kind == ParentRef::Kind::existing ? std::optional<std::int64_t>(s.parent.id) : std::nullopt;
        s.moves = s.parent.kind == ParentRef::Kind::row || to != e->parent_id;
        const bool same = !s.moves && s.name == e->name && s.type == e->type && s.department == e->department &&
                          s.secretary == e->secretary && s.contact_zone == e->contact_zone &&
                          s.sort_order == e->sort_order;
        s.action = same ? Action::unchanged : Action::update;
        ++(same ? out_.unchanged : out_.updates);
      } else {
        s.action = Action::create;
        s.department = c.department;
        s.secretary = c.secretary;
        s.contact_zone = c.contact_zone;
        s.sort_order = sort_[i].value_or(0);
        ++out_.creates;
      }
      out_.steps.push_back(std::move(s));
    }
    std::stable_sort(out_.rejected.begin(), out_.rejected.end(),
                     [](const Rejection& a, const Rejection& b) { return a.row < b.row; });
    return std::move(out_);
  }

  const std::vector<Row>& rows_;
  const Context& ctx_;
  const std::size_t n_;
  std::vector<bool> rejected_;
  std::vector<Row> clean_;                         // checked values
  std::vector<std::string> type_;                  // dictionary code
  std::vector<std::optional<int>> sort_;
  std::vector<const Existing*> match_;             // the existing organisation with the row's code
  std::vector<ParentRef> parent_;
  std::vector<std::string> parent_field_;          // which column named the parent
  std::map<std::string, const Existing*> by_code_;
  std::map<std::int64_t, const Existing*> by_id_;
  std::multimap<std::string, const Existing*> by_name_;
  std::map<std::string, std::size_t> file_code_;   // codes that occur once in the file
  std::set<std::string> duplicated_;
  Plan out_;
};

}  // namespace

Plan plan(const std::vector<Row>& rows, const Context& context) { return Planner(rows, context).run(); }

}  // namespace dj::org::import
