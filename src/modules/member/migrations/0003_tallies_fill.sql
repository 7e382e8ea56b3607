-- Fills member_tallies from the members table (an existing roster when the
-- tallies arrive; tally::rebuild and tally::verify run the same statement).
-- anc: every organisation paired with itself and each of its ancestors;
-- direct: each organisation's own members by dimension; their join sums
-- each organisation's subtree.
INSERT INTO member_tallies (org_id, dim, value, n)
WITH RECURSIVE anc (org_id, anc_id) AS (
  SELECT id, id FROM orgs
  UNION ALL
  SELECT anc.org_id, o.parent_id FROM anc JOIN orgs o ON o.id = anc.anc_id WHERE o.parent_id IS NOT NULL
),
direct (org_id, dim, value, n) AS (
  SELECT org_id, 'total', '', count(*) FROM members GROUP BY org_id
  UNION ALL SELECT org_id, 'status', status, count(*) FROM members GROUP BY org_id, status
  UNION ALL SELECT org_id, 'sex', sex, count(*) FROM members GROUP BY org_id, sex
  UNION ALL SELECT org_id, 'rank', rank, count(*) FROM members GROUP BY org_id, rank
  UNION ALL SELECT org_id, 'education', education, count(*) FROM members GROUP BY org_id, education
  UNION ALL SELECT org_id, 'birth_month', substr(birth_date, 1, 7), count(*) FROM members
            GROUP BY org_id, substr(birth_date, 1, 7)
)
SELECT anc.anc_id, d.dim, d.value, CAST(sum(d.n) AS BIGINT) FROM direct d JOIN anc ON anc.org_id = d.org_id
GROUP BY anc.anc_id, d.dim, d.value
