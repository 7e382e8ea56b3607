// 导入花名册：一个“乱”的 .xlsx（合并的标题行、校验位错误、身份证号重复的一对、
// 2012.7.1 这样的日期、全角数字）。试导入报告正好列出被拒绝的行，确认后导入其余行，
// 再导入一次什么都不变。
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { launch, newPage, shot, settle, api, withFailureShot } from '../lib/browser.mjs';
import { signIn } from '../lib/auth.mjs';
import { artifactsDir } from '../lib/state.mjs';
import { writeMessyRoster } from '../lib/roster.mjs';
import { importBranch, pickOrg } from '../lib/orgs.mjs';
import { columnTexts } from '../lib/app.mjs';

const t = (name) => `[data-test="${name}"]`;
const count = async (page, name) => Number((await page.locator(t(name)).innerText()).replace(/[^\d]/g, ''));

describe('导入花名册 roster import', () => {
  let browser;
  let page;
  let branch;
  let file;
  let spec;
  let before_total;

  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await signIn(page, 'gwadmin');
    branch = await importBranch(page);
    file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dj-e2e-')), '2024年党员花名册（乱）.xlsx');
    spec = await writeMessyRoster(file, branch.name);
    copyFileSync(file, path.join(artifactsDir, 'import-messy-roster.xlsx'));
    before_total = (await api(page, 'GET', `/api/v1/members?org_id=${branch.id}&page_size=1`)).total;
  });
  after(async () => {
    await browser?.close();
  });

  // Chooses the branch and the file, runs the dry run and returns once the report shows.
  async function dryRun() {
    const wizard = page.locator(t('import-wizard'));
    await wizard.waitFor();
    await pickOrg(page, 'member-import-org', branch);
    await page.locator(t('import-file-input')).setInputFiles(file);
    await page.locator(t('import-file-name')).waitFor();
    await page.locator(t('import-dry-run')).click();
    await page.locator(t('import-dry-report')).waitFor({ timeout: 60000 });
    await settle(page);
  }

  it('the dry run lists exactly the rejected rows and the repairs', async () => {
    await withFailureShot(page, 'import-dry-run', async () => {
      await page.goto('/members/import');
      await settle(page);
      await shot(page, 'member-import');
      await dryRun();
      assert.equal(await count(page, 'count-rows'), spec.rows.length);
      assert.equal(await count(page, 'count-imported'), spec.imported.length);
      assert.equal(await count(page, 'count-updated'), 0);
      assert.equal(await count(page, 'count-rejected'), spec.rejected.length);

      await page.locator(t('import-tab-rejected')).click();
      const table = t('import-rejected-table');
      await page.locator(table).waitFor();
      const rows = (await columnTexts(page, table, '行号')).map((s) => Number(s.trim()));
      assert.deepEqual([...new Set(rows)].sort((a, b) => a - b), spec.rejected.map((r) => r.row));
      const reasons = await columnTexts(page, table, '原因');
      const byRow = (n) => reasons.filter((_, i) => rows[i] === n).join(' ');
      assert.match(byRow(6), /校验位/);
      assert.match(byRow(7), /重复/);
      assert.match(byRow(7), /8/);
      assert.match(byRow(8), /7/);
      await shot(page, 'import-dry-report-rejected');

      await page.locator(t('import-tab-repaired')).click();
      const repaired = t('import-repaired-table');
      await page.locator(repaired).waitFor();
      const rRows = (await columnTexts(page, repaired, '行号')).map((s) => Number(s.trim()));
      const changes = await columnTexts(page, repaired, '原值 → 修正为');
      const repair = (n, re) => changes.some((c, i) => rRows[i] === n && re.test(c.replace(/\s+/g, ' ')));
      assert.ok(repair(4, /2012\.7\.1 → 2012-07-01/), `row 4 date: ${changes.join(' | ')}`);
      assert.ok(repair(5, /１１０１０５.* → 110105/), `row 5 full-width ID: ${changes.join(' | ')}`);
      assert.ok(repair(10, /王 +雪 → 王雪/), `row 10 name: ${changes.join(' | ')}`);
      await shot(page, 'import-dry-report-repaired');
      // A dry run writes nothing.
      assert.equal((await api(page, 'GET', `/api/v1/members?org_id=${branch.id}&page_size=1`)).total, before_total);
    });
  });

  it('confirming imports the rows that passed, with the repairs applied', async () => {
    await withFailureShot(page, 'import-confirm', async () => {
      await page.locator(t('import-confirm')).click();
      await page.locator(t('import-result')).waitFor({ timeout: 60000 });
      await settle(page);
      const summary = await page.locator(t('import-result-summary')).innerText();
      assert.match(summary, new RegExp(`新增 ${spec.imported.length} 名党员`), summary);
      assert.match(summary, /更新 0 名/, summary);
      assert.match(summary, new RegExp(`被拒绝 ${spec.rejected.length} 行`), summary);
      await shot(page, 'import-result');
      const list = (await api(page, 'GET', `/api/v1/members?org_id=${branch.id}&page_size=200`)).items;
      assert.equal(list.length, before_total + spec.imported.length);
      const names = list.map((x) => x.name);
      for (const n of spec.imported) assert.ok(names.includes(n), `${n} imported`);
      for (const r of spec.rejected) assert.ok(!names.includes(r.name), `${r.name} not imported`);
      const zhou = list.find((x) => x.name === '周晓明');
      assert.equal(zhou.join_date, '2012-07-01');
      const wu = list.find((x) => x.name === '吴建华');
      assert.equal(wu.join_date, '2003-07-01');
      assert.equal(wu.full_date, '2004-07-01');
      const zheng = list.find((x) => x.name === '郑丽娟');
      assert.equal(zheng.status, '正式党员');
      assert.equal(zheng.id_number.slice(-4), '3829');
      // The roster link shows the branch with the new members.
      await page.locator(t('member-import-view')).click();
      await page.locator('[data-test="member-table"]').waitFor();
      await settle(page);
      await shot(page, 'members-after-import');
    });
  });

  it('importing the same file again changes nothing', async () => {
    await withFailureShot(page, 'import-again', async () => {
      await page.goto('/members/import');
      await settle(page);
      await dryRun();
      assert.equal(await count(page, 'count-imported'), 0);
      assert.equal(await count(page, 'count-updated'), 0);
      assert.equal(await count(page, 'count-unchanged'), spec.imported.length);
      assert.equal(await count(page, 'count-rejected'), spec.rejected.length);
      // Nothing to write: the wizard says so and offers no confirmation.
      const blocked = await page.locator(t('import-confirm-blocked')).innerText();
      assert.match(blocked, /没有需要新增或更新的党员/, blocked);
      assert.ok(await page.locator(t('import-confirm')).isDisabled());
      await shot(page, 'import-dry-report-again');
      const total = (await api(page, 'GET', `/api/v1/members?org_id=${branch.id}&page_size=1`)).total;
      assert.equal(total, before_total + spec.imported.length);
    });
  });
});
