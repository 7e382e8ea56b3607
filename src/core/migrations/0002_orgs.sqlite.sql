-- The organisation tree (see src/core/orgtree/orgtree.h). SQLite variant:
-- TEXT compares bytewise (BINARY collation) by default, so the UNIQUE index
-- on path already orders paths the way the range predicate expects.
-- Keep in step with 0002_orgs.pg.sql.

-- The dictionary of organisation types; extensible by later migrations or an
-- admin screen. The code is what orgs.type stores.
CREATE TABLE org_types (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO org_types (code, name, sort_order) VALUES
  ('机关工委', '机关工委', 10),
  ('机关党委', '机关党委', 20),
  ('党总支', '党总支', 30),
  ('党支部', '党支部', 40);

CREATE TABLE orgs (
  id            @ID@,
  parent_id     BIGINT NULL REFERENCES orgs (id),
  -- "/1/5/23/": ids root-first; the UNIQUE index is the subtree range-scan index.
  path          TEXT NOT NULL UNIQUE,
  depth         INTEGER NOT NULL,
  name          TEXT NOT NULL,
  code          TEXT NOT NULL UNIQUE,
  type          TEXT NOT NULL REFERENCES org_types (code),
  department    TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dissolved')),
  sort_order    INTEGER NOT NULL DEFAULT 0,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX orgs_parent_id ON orgs (parent_id);

-- 上级工委指导下级工委: the guiding committee sees the guided one's tree.
CREATE TABLE org_guidance (
  guiding_org_id BIGINT NOT NULL REFERENCES orgs (id),
  guided_org_id  BIGINT NOT NULL REFERENCES orgs (id),
  PRIMARY KEY (guiding_org_id, guided_org_id)
);
CREATE INDEX org_guidance_guided ON org_guidance (guided_org_id);
