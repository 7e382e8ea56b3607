// 查看完整身份证号会记入审计：工委组织部管理员在党员详情中点“查看”，审计管理员在
// 审计日志中看到这条 member.reveal 记录。
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, settle, withFailureShot } from '../lib/browser.mjs';
import { signIn } from '../lib/auth.mjs';
import { idCheckChar } from '../lib/roster.mjs';
import { m, openMembers } from '../lib/app.mjs';

describe('查看记入审计 reveal is audited', () => {
  let browser;
  const revealed = {}; // { id, name, idNumber }
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('gwadmin reveals a member’s full ID number in the member drawer', async () => {
    const page = await newPage(browser);
    await withFailureShot(page, 'reveal', async () => {
      await signIn(page, 'gwadmin');
      await openMembers(page);
      await shot(page, 'members');
      const first = page.locator(m.name).first();
      revealed.id = await first.getAttribute('data-member-id');
      revealed.name = (await first.innerText()).trim();
      await first.click();
      const drawer = page.locator(m.drawer);
      await drawer.locator('[data-test="member-drawer-name"]').filter({ hasText: revealed.name }).waitFor();
      const masked = (await drawer.locator('[data-test="member-id-number"]').innerText()).trim();
      assert.match(masked, /^\d{4}\*+[\dX]{4}$/, `masked before 查看: ${masked}`);
      await settle(page);
      await shot(page, 'member-drawer');
      await drawer.locator('[data-test="member-reveal"]').click();
      await page.waitForFunction(
        () => !document.querySelector('[data-test="member-id-number"]')?.textContent.includes('*'),
      );
      revealed.idNumber = (await drawer.locator('[data-test="member-id-number"]').innerText()).trim();
      assert.match(revealed.idNumber, /^\d{17}[\dX]$/);
      assert.equal(revealed.idNumber.slice(0, 4), masked.slice(0, 4));
      assert.equal(revealed.idNumber.slice(-4), masked.slice(-4));
      assert.equal(idCheckChar(revealed.idNumber.slice(0, 17)), revealed.idNumber[17], 'a valid ID number');
      await shot(page, 'member-drawer-revealed');
    });
    await page.context().close();
  });

  it('the audit administrator sees member.reveal in 审计日志', async () => {
    assert.ok(revealed.idNumber, 'the reveal above happened');
    const page = await newPage(browser);
    await withFailureShot(page, 'audit', async () => {
      await signIn(page, 'shenji');
      await page.goto('/admin/audit');
      await page.getByRole('heading', { name: '审计日志' }).waitFor();
      await settle(page);
      await shot(page, 'audit-log');
      await page.getByLabel('操作人用户名').fill('gwadmin');
      await page.getByLabel('对象类型').fill('member');
      await page.getByLabel('对象编号').fill(revealed.id);
      const answered = page.waitForResponse(
        (r) => r.url().includes('/api/v1/audit?') && new URL(r.url()).searchParams.get('entity_id') === revealed.id,
      );
      await page.getByRole('button', { name: '查询' }).click();
      await answered;
      await settle(page);
      const rows = page.locator('.el-table__body tr.el-table__row');
      const texts = await rows.allInnerTexts();
      const hits = texts.filter((t) => t.includes('查看完整个人信息') && t.includes(`member #${revealed.id}`));
      assert.equal(hits.length, 1, `rows:\n${texts.join('\n')}`);
      assert.match(hits[0], /gwadmin/);
      assert.match(hits[0], /成功/);
      // The expanded row names the action code and the member; never the full ID number.
      const index = texts.findIndex((t) => t === hits[0]);
      await rows.nth(index).locator('.el-table__expand-icon').click();
      const detail = page.locator('.al__detail').first();
      await detail.waitFor();
      const d = await detail.innerText();
      assert.match(d, /member\.reveal/);
      assert.ok(d.includes(revealed.name), `detail: ${d}`);
      assert.ok(!(await page.locator('body').innerText()).includes(revealed.idNumber), 'the audit view shows the ID number');
      await shot(page, 'audit-log-reveal');
      await page.goto('/admin/login-log');
      await settle(page);
      await shot(page, 'login-log');
    });
    await page.context().close();
  });
});
