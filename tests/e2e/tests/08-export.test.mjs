// 导出 Excel：党员名册按当前范围和列导出一个 .xlsx；测试用 exceljs 打开它，核对表头和每一行。
// The branch is the one the import test (07) wrote to, so the export holds its members too.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { launch, newPage, shot, settle, api, withFailureShot } from '../lib/browser.mjs';
import { signIn } from '../lib/auth.mjs';
import { artifactsDir } from '../lib/state.mjs';
import { importBranch } from '../lib/orgs.mjs';
import { memberTotal, openMembers } from '../lib/app.mjs';

// What a cell of the export holds for `key`, from the API's member JSON.
function expected(member, key) {
  if (key === 'org') return member.org_name;
  if (key === 'age') return member.birth_date ? member.age : '';
  return member[key] ?? '';
}
const LABEL_TO_KEY = {
  姓名: 'name', 性别: 'sex', 民族: 'ethnicity', 身份证号: 'id_number', 出生日期: 'birth_date', 年龄: 'age',
  入党日期: 'join_date', 转正日期: 'full_date', 人员类别: 'status', 学历: 'education', 职务: 'post', 职级: 'rank',
  所在支部: 'org', 手机号码: 'phone', 工作状态: 'category',
};
const cellText = (v) => (v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : v);

describe('导出 export', () => {
  let browser;
  let page;
  let branch;
  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await signIn(page, 'gwadmin');
    branch = await importBranch(page);
  });
  after(async () => {
    await browser?.close();
  });

  it('downloads the listed members as an .xlsx that opens with the chosen columns', async () => {
    await withFailureShot(page, 'export', async () => {
      await openMembers(page, `?org_id=${branch.id}`);
      const total = await memberTotal(page);
      assert.ok(total > 0);
      await page.locator('[data-test="member-export"]').click();
      const dialog = page.locator('[data-test="member-export-dialog"]');
      await dialog.waitFor();
      await settle(page);
      const labels = (await dialog.locator('.el-checkbox.is-checked').allInnerTexts())
        .map((s) => s.trim())
        .filter((s) => LABEL_TO_KEY[s]);
      assert.ok(labels.includes('姓名') && labels.includes('身份证号'), labels.join(' '));
      await shot(page, 'member-export-dialog');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.locator('[data-test="member-export-confirm"]').click(),
      ]);
      assert.match(download.suggestedFilename(), /\.xlsx$/);
      const file = path.join(artifactsDir, 'export-members.xlsx');
      await download.saveAs(file);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.worksheets[0];
      assert.ok(ws, 'the workbook has a sheet');
      const header = ws.getRow(1).values.slice(1).map(cellText);
      assert.deepEqual(header, labels);
      const rows = [];
      ws.eachRow((row, n) => {
        if (n > 1) rows.push(row.values.slice(1).map(cellText));
      });
      assert.equal(rows.length, total, 'one row per listed member');

      // Row by row against the API's list of the same members, in the same order (by name).
      const members = (await api(page, 'GET', `/api/v1/members?org_id=${branch.id}&page_size=200`)).items;
      assert.equal(members.length, total);
      const keys = labels.map((l) => LABEL_TO_KEY[l]);
      members.forEach((mb, i) => {
        const want = keys.map((k) => String(expected(mb, k)));
        const got = keys.map((_, j) => String(rows[i][j] ?? ''));
        assert.deepEqual(got, want, `row ${i + 2}`);
      });
      // ID numbers leave masked (no 导出完整身份证号 ticked).
      const idCol = keys.indexOf('id_number');
      for (const r of rows) assert.match(String(r[idCol]), /^\d{4}\*+[\dX]{4}$/);
    });
  });
});
