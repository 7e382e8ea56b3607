-- 目标任务分解 · 时序进度 · 督促检查 (the target module). See docs/targets.md.
-- Progress is stored in basis points (0–10000 = 0–100.00 %) as integers so
-- both databases compute and compare it exactly; it is derived (reports ->
-- milestones -> items -> parents) by rollup.cpp in the same transaction as
-- the change, never written from a request body.

-- 目标计划: a yearly plan issued by an organisation.
CREATE TABLE target_plans (
  id               @ID@,
  org_id           BIGINT NOT NULL REFERENCES orgs (id),  -- issuing organisation
  year             INTEGER NOT NULL,
  title            TEXT NOT NULL,
  tags             TEXT NOT NULL DEFAULT '[]',            -- JSON array: 五大工程, 创先争优, …
  description      TEXT NOT NULL DEFAULT '',
  start_date       TEXT NOT NULL,                         -- ISO dates compare as text
  end_date         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'closed')),
  progress_bp      INTEGER NOT NULL DEFAULT 0,            -- derived from its top-level items
  created_by       BIGINT NULL,
  created_by_name  TEXT NOT NULL DEFAULT '',
  created_at_ms    BIGINT NOT NULL,
  updated_at_ms    BIGINT NOT NULL,
  issued_at_ms     BIGINT NULL,
  closed_at_ms     BIGINT NULL
);
CREATE INDEX target_plans_org ON target_plans (org_id, year);

-- 分解事项: a target broken down to an organisation and finally a person,
-- any depth (materialized path of item ids, like orgs.path).
CREATE TABLE target_items (
  id               @ID@,
  plan_id          BIGINT NOT NULL REFERENCES target_plans (id),
  parent_id        BIGINT NULL REFERENCES target_items (id),
  path             TEXT NOT NULL,                         -- "/12/40/" (ids of ancestors and itself)
  depth            INTEGER NOT NULL,                      -- 1 for a plan's top-level item
  sort             INTEGER NOT NULL DEFAULT 0,
  title            TEXT NOT NULL,
  criteria         TEXT NOT NULL DEFAULT '',              -- 考核标准 (measurable criteria)
  weight           INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),  -- relative; see decisions
  org_id           BIGINT NOT NULL REFERENCES orgs (id),  -- responsible organisation: the data scope
  owner_user_id    BIGINT NOT NULL REFERENCES users (id), -- 责任人 (a post: a named account)
  owner_name       TEXT NOT NULL,
  progress_bp      INTEGER NOT NULL DEFAULT 0,            -- derived
  created_at_ms    BIGINT NOT NULL,
  updated_at_ms    BIGINT NOT NULL
);
CREATE INDEX target_items_plan_path ON target_items (plan_id, path);
CREATE INDEX target_items_parent ON target_items (parent_id);
CREATE INDEX target_items_org ON target_items (org_id);
CREATE INDEX target_items_owner ON target_items (owner_user_id);

-- What happened to an item: created, edited, re-assigned, split (with the
-- values before and after as JSON), so a re-assignment keeps its history.
CREATE TABLE target_item_history (
  id           @ID@,
  item_id      BIGINT NOT NULL REFERENCES target_items (id),
  action       TEXT NOT NULL,                             -- create | edit | reassign | split
  detail       TEXT NOT NULL DEFAULT '{}',
  by_user_id   BIGINT NULL,
  by_name      TEXT NOT NULL DEFAULT '',
  at_ms        BIGINT NOT NULL
);
CREATE INDEX target_item_history_item ON target_item_history (item_id, at_ms);

-- 督查: an inspection of a subtree (org_id) or of one item.
CREATE TABLE target_inspections (
  id                 @ID@,
  org_id             BIGINT NOT NULL REFERENCES orgs (id),
  plan_id            BIGINT NULL REFERENCES target_plans (id),
  item_id            BIGINT NULL REFERENCES target_items (id),
  inspected_on       TEXT NOT NULL,
  findings           TEXT NOT NULL,
  inspector_user_id  BIGINT NULL,
  inspector_name     TEXT NOT NULL,
  created_at_ms      BIGINT NOT NULL
);
CREATE INDEX target_inspections_org ON target_inspections (org_id, inspected_on);

-- 时序节点 and 整改事项 in one table: a rectification is reported, reviewed,
-- overdue and on the to-do list exactly like a milestone (kind says which).
-- Owner and organisation are copied from the item so the to-do list and the
-- scoped lists need no join; a re-assignment moves the open ones.
-- `state` is the workflow; overdue / due soon are computed from due_date.
CREATE TABLE target_milestones (
  id               @ID@,
  kind             TEXT NOT NULL CHECK (kind IN ('milestone', 'rectification')),
  plan_id          BIGINT NULL REFERENCES target_plans (id),
  item_id          BIGINT NULL REFERENCES target_items (id),
  inspection_id    BIGINT NULL REFERENCES target_inspections (id),
  title            TEXT NOT NULL,
  due_date         TEXT NOT NULL,
  org_id           BIGINT NOT NULL REFERENCES orgs (id),
  owner_user_id    BIGINT NOT NULL REFERENCES users (id),
  owner_name       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'submitted', 'returned', 'done')),
  progress_bp      INTEGER NOT NULL DEFAULT 0,            -- the latest accepted report's
  done_date        TEXT NULL,                             -- date the accepted completion was reported
  created_at_ms    BIGINT NOT NULL,
  updated_at_ms    BIGINT NOT NULL
);
CREATE INDEX target_milestones_owner ON target_milestones (owner_user_id, due_date);
CREATE INDEX target_milestones_org ON target_milestones (org_id, due_date);
CREATE INDEX target_milestones_item ON target_milestones (item_id);
CREATE INDEX target_milestones_inspection ON target_milestones (inspection_id);
CREATE INDEX target_milestones_open_due ON target_milestones (state, due_date);

-- 进度报告: the owner's report on a milestone, accepted or returned by a reviewer.
CREATE TABLE target_reports (
  id                 @ID@,
  milestone_id       BIGINT NOT NULL REFERENCES target_milestones (id),
  org_id             BIGINT NOT NULL REFERENCES orgs (id),
  reporter_user_id   BIGINT NOT NULL REFERENCES users (id),
  reporter_name      TEXT NOT NULL,
  body               TEXT NOT NULL,
  percent            INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),  -- done = 100
  done               INTEGER NOT NULL DEFAULT 0,
  status             TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
  review_reason      TEXT NOT NULL DEFAULT '',
  reviewer_user_id   BIGINT NULL,
  reviewer_name      TEXT NOT NULL DEFAULT '',
  reviewed_at_ms     BIGINT NULL,
  submitted_date     TEXT NOT NULL,
  submitted_at_ms    BIGINT NOT NULL
);
CREATE INDEX target_reports_milestone ON target_reports (milestone_id, submitted_at_ms);
CREATE INDEX target_reports_org_status ON target_reports (org_id, status);

-- Evidence and plan attachments: the bytes live in the core file store
-- (content-addressed by SHA-256); this row gives them a name, an owner and an
-- organisation (the scope they are served in). A file uploaded for a report
-- that was never sent has report_id NULL and is removed after a day.
CREATE TABLE target_files (
  id               @ID@,
  org_id           BIGINT NOT NULL REFERENCES orgs (id),
  plan_id          BIGINT NULL REFERENCES target_plans (id),
  report_id        BIGINT NULL REFERENCES target_reports (id),
  name             TEXT NOT NULL,
  mime             TEXT NOT NULL,
  size             BIGINT NOT NULL,
  sha256           TEXT NOT NULL,
  uploaded_by      BIGINT NOT NULL REFERENCES users (id),
  uploaded_by_name TEXT NOT NULL,
  uploaded_at_ms   BIGINT NOT NULL
);
CREATE INDEX target_files_report ON target_files (report_id);
CREATE INDEX target_files_plan ON target_files (plan_id);
CREATE INDEX target_files_uploader ON target_files (uploaded_by, uploaded_at_ms);
