-- Accounts, roles with data scopes, sessions and the security policy.
-- Personal data (phone) is stored encrypted (SM4 + HMAC-SM3) with a keyed
-- hash for look-ups; passwords as Argon2id hashes; session tokens only as
-- SM3 hashes, so a copy of the database yields no usable session.
CREATE TABLE users (
  id                     @ID@,
  username               TEXT NOT NULL UNIQUE,
  display_name           TEXT NOT NULL,
  org_id                 BIGINT NOT NULL REFERENCES orgs(id),
  person_id              BIGINT,
  phone_enc              TEXT,
  phone_hash             TEXT UNIQUE,
  password_hash          TEXT NOT NULL,
  password_changed_at_ms BIGINT NOT NULL,
  must_change_password   INTEGER NOT NULL DEFAULT 1,
  status                 TEXT NOT NULL DEFAULT 'active',
  failed_count           INTEGER NOT NULL DEFAULT 0,
  locked_until_ms        BIGINT NOT NULL DEFAULT 0,
  totp_secret_enc        TEXT,
  totp_pending_enc       TEXT,
  totp_enabled           INTEGER NOT NULL DEFAULT 0,
  totp_last_step         BIGINT NOT NULL DEFAULT 0,
  created_at_ms          BIGINT NOT NULL,
  updated_at_ms          BIGINT NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE password_history (
  user_id       BIGINT NOT NULL REFERENCES users(id),
  password_hash TEXT NOT NULL,
  changed_at_ms BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, changed_at_ms);

CREATE TABLE roles (
  id           @ID@,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  builtin      INTEGER NOT NULL DEFAULT 0,
  admin_kind   TEXT NOT NULL DEFAULT '',
  require_totp INTEGER NOT NULL DEFAULT 0,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE role_permissions (
  role_id    BIGINT NOT NULL REFERENCES roles(id),
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
);

CREATE TABLE user_roles (
  id            @ID@,
  user_id       BIGINT NOT NULL REFERENCES users(id),
  role_id       BIGINT NOT NULL REFERENCES roles(id),
  scope_kind    TEXT NOT NULL,
  anchor_org_id BIGINT REFERENCES orgs(id),
  UNIQUE (user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles(role_id);

CREATE TABLE user_role_orgs (
  user_role_id BIGINT NOT NULL REFERENCES user_roles(id),
  org_id       BIGINT NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (user_role_id, org_id)
);

CREATE TABLE sessions (
  id              @ID@,
  token_hash      TEXT NOT NULL UNIQUE,
  user_id         BIGINT NOT NULL REFERENCES users(id),
  csrf_token      TEXT NOT NULL,
  stage           TEXT NOT NULL,
  created_at_ms   BIGINT NOT NULL,
  last_seen_at_ms BIGINT NOT NULL,
  expires_at_ms   BIGINT NOT NULL,
  ip              TEXT NOT NULL DEFAULT '',
  user_agent      TEXT NOT NULL DEFAULT '',
  ended_at_ms     BIGINT,
  end_reason      TEXT
);
CREATE INDEX sessions_user ON sessions(user_id, ended_at_ms);

CREATE TABLE settings (
  key           TEXT PRIMARY KEY,
  value         TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
