-- Facts about this installation: its id, when the schema was created.
-- Other core tables (accounts, sessions, audit, jobs) arrive with their issues.
CREATE TABLE instance_info (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
