-- In-app notifications (站内消息), written by any module through
-- core/notify/notify.h. dedupe_key makes a reminder idempotent: a job that
-- runs twice, or in two instances at once, inserts it once (the second
-- INSERT conflicts and does nothing).
CREATE TABLE notifications (
  id             @ID@,
  user_id        BIGINT NOT NULL REFERENCES users (id),
  kind           TEXT NOT NULL,             -- "target.issued", "target.overdue", …
  title          TEXT NOT NULL,
  body           TEXT NOT NULL DEFAULT '',
  link           TEXT NOT NULL DEFAULT '',  -- a web app path, e.g. "/targets/todo"
  dedupe_key     TEXT NULL UNIQUE,
  created_at_ms  BIGINT NOT NULL,
  read_at_ms     BIGINT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, read_at_ms, created_at_ms);

-- Scheduled tasks (core/tasks): one row per task and run key (the day for a
-- daily task). The primary key is the lock: of several instances, the one
-- whose INSERT succeeds runs the task.
CREATE TABLE task_runs (
  name            TEXT NOT NULL,
  run_key         TEXT NOT NULL,
  instance        TEXT NOT NULL,
  started_at_ms   BIGINT NOT NULL,
  finished_at_ms  BIGINT NULL,
  result          TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (name, run_key)
);
