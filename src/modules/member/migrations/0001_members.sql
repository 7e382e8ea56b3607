-- 党员 (members). Personal data (公民身份号码, 手机号码) is stored only
-- encrypted (SM4 + HMAC-SM3, key file outside the database) with a keyed
-- look-up hash for exact matching and a precomputed masked form for lists,
-- so a list page never decrypts anything. The masked forms reveal what every
-- user sees anyway (first 4 and last 4 of the ID, 3 + 4 of the phone).
CREATE TABLE members (
  id             @ID@,
  org_id         BIGINT NOT NULL REFERENCES orgs (id),  -- 所在支部 / 党组织
  name           TEXT NOT NULL,
  name_pinyin    TEXT NOT NULL,    -- "zhangsan" (search by full pinyin)
  name_initials  TEXT NOT NULL,    -- "zs" (search by initials)
  name_sort      @BLOB@ NOT NULL,  -- ICU zh collation key: ORDER BY gives pinyin order
  sex            TEXT NOT NULL CHECK (sex IN ('男', '女')),
  ethnicity      TEXT NOT NULL DEFAULT '',
  id_enc         TEXT NOT NULL,
  id_hash        TEXT NOT NULL UNIQUE,
  id_masked      TEXT NOT NULL,    -- "3204**********123X"
  id_last4       TEXT NOT NULL,    -- search by the last 4 characters
  birth_date     TEXT NOT NULL,    -- ISO dates compare as text
  join_date      TEXT NOT NULL,    -- 入党日期
  full_date      TEXT NULL,        -- 转正日期 (预备党员: none)
  status         TEXT NOT NULL CHECK (status IN ('正式党员', '预备党员')),
  education      TEXT NOT NULL DEFAULT '',  -- 学历
  post           TEXT NOT NULL DEFAULT '',  -- 职务
  rank           TEXT NOT NULL DEFAULT '',  -- 职级
  category       TEXT NOT NULL DEFAULT '',  -- 人员类别 (在职/离退休/…)
  phone_enc      TEXT NULL,
  phone_hash     TEXT NULL,
  phone_masked   TEXT NULL,        -- "138****5678"
  created_at_ms  BIGINT NOT NULL,
  updated_at_ms  BIGINT NOT NULL
);
CREATE INDEX members_org_sort ON members (org_id, name_sort);
CREATE INDEX members_sort ON members (name_sort);
CREATE INDEX members_initials ON members (name_initials);
CREATE INDEX members_pinyin ON members (name_pinyin);
CREATE INDEX members_last4 ON members (id_last4);
CREATE INDEX members_phone_hash ON members (phone_hash);

-- 组织关系转接 inside the tree: every move of a member between organisations.
CREATE TABLE member_transfers (
  id           @ID@,
  member_id    BIGINT NOT NULL REFERENCES members (id),
  from_org_id  BIGINT NOT NULL REFERENCES orgs (id),
  to_org_id    BIGINT NOT NULL REFERENCES orgs (id),
  reason       TEXT NOT NULL DEFAULT '',
  by_user_id   BIGINT NULL,
  by_name      TEXT NOT NULL DEFAULT '',
  at_ms        BIGINT NOT NULL
);
CREATE INDEX member_transfers_member ON member_transfers (member_id, at_ms);
