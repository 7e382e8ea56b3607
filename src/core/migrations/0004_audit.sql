-- The audit trail (等保 2.0 level 3) and the login log. See src/core/audit/audit.h.

-- One row per audited action, hash-chained: hash = SM3(prev_hash || "\n" ||
-- canonical(row)). The id is assigned by audit::append() as head.last_id + 1
-- rather than by a sequence: a PostgreSQL sequence is not transactional, so a
-- rolled-back or retried write would leave a gap indistinguishable from a
-- deleted row. Rows are only ever inserted; archive() removes a verified
-- prefix and records a checkpoint.
CREATE TABLE audit_log (
  id          BIGINT PRIMARY KEY,
  at_ms       BIGINT NOT NULL,
  user_id     BIGINT NOT NULL,
  username    TEXT NOT NULL,
  ip          TEXT NOT NULL,
  user_agent  TEXT NOT NULL,
  request_id  TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  org_id      BIGINT NULL,
  detail      TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  reason      TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
-- The viewer's filters, each ordered by time (newest first).
CREATE INDEX audit_log_at ON audit_log (at_ms);
CREATE INDEX audit_log_user_at ON audit_log (user_id, at_ms);
CREATE INDEX audit_log_action_at ON audit_log (action, at_ms);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
-- Scoped viewing: an auditor of one organisation sees that subtree's rows.
CREATE INDEX audit_log_org_at ON audit_log (org_id, at_ms);

-- The end of the chain. Exactly one row; every audited write transaction
-- locks it first (audit::lock_chain), so appends queue instead of conflicting.
-- last_hash starts at the genesis hash SM3("dangjian-audit-genesis").
CREATE TABLE audit_chain_head (
  id         BIGINT PRIMARY KEY CHECK (id = 1),
  last_id    BIGINT NOT NULL,
  last_hash  TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash)
  VALUES (1, 0, '85ec51cbc1fda8d408e2aa6060420b8f9e78dc9b2b3e8e51000faad00dd4f03b');

-- One row per archive run: rows up to archived_up_to_id went to `file`; the
-- next row's prev_hash must equal hash_at_cut. verify() starts at the latest.
CREATE TABLE audit_checkpoints (
  id                 @ID@,
  archived_up_to_id  BIGINT NOT NULL UNIQUE,
  hash_at_cut        TEXT NOT NULL,
  archived_at_ms     BIGINT NOT NULL,
  file               TEXT NOT NULL,
  rows               BIGINT NOT NULL
);

-- Every sign-in attempt, successful or not (never the password typed).
CREATE TABLE login_log (
  id          @ID@,
  at_ms       BIGINT NOT NULL,
  username    TEXT NOT NULL,
  user_id     BIGINT NOT NULL,
  ip          TEXT NOT NULL,
  user_agent  TEXT NOT NULL,
  success     INTEGER NOT NULL CHECK (success IN (0, 1)),
  reason      TEXT NOT NULL
);
CREATE INDEX login_log_ip_at ON login_log (ip, at_ms);
CREATE INDEX login_log_username_at ON login_log (username, at_ms);
CREATE INDEX login_log_at ON login_log (at_ms);
