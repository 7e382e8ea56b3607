-- Target figures per subtree (decision 48): for every organisation, the
-- items and milestones of its whole subtree that the statistics count —
-- items, milestones, done, done on time, and the milestones not yet done by
-- due date (overdue = those due before today, summed at read time). Kept
-- exact by figures.cpp in every writing transaction; filled by 0003_figures_fill.
CREATE TABLE target_figures (
  org_id  BIGINT NOT NULL,
  dim     TEXT NOT NULL,     -- items | milestones | done | on_time | open_due
  value   TEXT NOT NULL,     -- the due date for open_due, else ''
  n       BIGINT NOT NULL,
  PRIMARY KEY (org_id, dim, value)
);
