-- The org module's fields on the core table `orgs` (src/core/migrations/0002_orgs.*).
--
-- Why extend the core table instead of keeping a module table beside it:
-- orgs is the tree every scope check and subtree query reads, and these two
-- fields are simply more columns of the same row, one per organisation, shown
-- in every list and export. A side table would cost a join on every read and
-- a second row to keep in step on every create. The core never reads them;
-- only this module does, and it owns this migration.
--   secretary     书记: the name of the organisation's party secretary
--   contact_zone  联系片: the contact zone the department belongs to ("第一联系片")
ALTER TABLE orgs ADD COLUMN secretary TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN contact_zone TEXT NOT NULL DEFAULT '';
