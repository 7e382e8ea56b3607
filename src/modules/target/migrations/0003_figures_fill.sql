-- Fills target_figures from the existing rows (figures::rebuild and
-- figures::verify run the same statement).
-- What counts is what the statistics count: items of plans that are not
-- drafts; milestones outside any plan (rectifications) or of such plans.
INSERT INTO target_figures (org_id, dim, value, n)
WITH RECURSIVE anc (org_id, anc_id) AS (
  SELECT id, id FROM orgs
  UNION ALL
  SELECT anc.org_id, o.parent_id FROM anc JOIN orgs o ON o.id = anc.anc_id WHERE o.parent_id IS NOT NULL
),
ms (org_id, state, due_date, done_date) AS (
  SELECT m.org_id, m.state, m.due_date, m.done_date FROM target_milestones m
  LEFT JOIN target_plans p ON p.id = m.plan_id WHERE m.plan_id IS NULL OR p.status <> 'draft'
),
direct (org_id, dim, value, n) AS (
  SELECT i.org_id, 'items', '', count(*) FROM target_items i JOIN target_plans p ON p.id = i.plan_id
  WHERE p.status <> 'draft' GROUP BY i.org_id
  UNION ALL SELECT org_id, 'milestones', '', count(*) FROM ms GROUP BY org_id
  UNION ALL SELECT org_id, 'done', '', count(*) FROM ms WHERE state = 'done' GROUP BY org_id
  UNION ALL SELECT org_id, 'on_time', '', count(*) FROM ms WHERE state = 'done' AND done_date <= due_date
            GROUP BY org_id
  UNION ALL SELECT org_id, 'open_due', due_date, count(*) FROM ms WHERE state <> 'done' GROUP BY org_id, due_date
)
SELECT anc.anc_id, d.dim, d.value, CAST(sum(d.n) AS BIGINT) FROM direct d JOIN anc ON anc.org_id = d.org_id
GROUP BY anc.anc_id, d.dim, d.value;
