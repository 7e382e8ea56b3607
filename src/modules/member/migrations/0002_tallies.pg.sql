-- Member tallies (decision 48): per organisation, the members of its whole
-- subtree counted in total and by status, sex, rank, education and month of
-- birth. Kept exact by the member module in every writing transaction
-- (tally.cpp); filled from the members table by 0003_tallies_fill.
CREATE TABLE member_tallies (
  org_id  BIGINT NOT NULL,
  dim     TEXT NOT NULL,     -- total | status | sex | rank | education | birth_month
  value   TEXT NOT NULL,     -- '' for total
  n       BIGINT NOT NULL,
  PRIMARY KEY (org_id, dim, value)
);

-- Search by the start of a name, pinyin or initials is an index range
-- (LIKE 'q%'): SQLite uses an index for LIKE only with NOCASE (LIKE is
-- case-insensitive for ASCII), PostgreSQL only with text_pattern_ops.
DROP INDEX members_initials;
DROP INDEX members_pinyin;
CREATE INDEX members_name_prefix ON members (name text_pattern_ops);
CREATE INDEX members_initials_prefix ON members (name_initials text_pattern_ops);
CREATE INDEX members_pinyin_prefix ON members (name_pinyin text_pattern_ops);
-- The age bands' boundary months are counted exactly from birth dates.
CREATE INDEX members_birth ON members (birth_date);
