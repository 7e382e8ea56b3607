// 菜单随角色不同：工委组织部管理员看到组织管理、党员管理；系统管理员看到系统管理但看不到
// 党员数据；普通党员只看到我的信息。
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, settle, shot, withFailureShot } from '../lib/browser.mjs';
import { signIn, menuLabels } from '../lib/auth.mjs';

describe('菜单随角色 menu by role', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('gwadmin (工委组织部管理员) sees 组织管理 and 党员管理, not 系统管理', async () => {
    const page = await newPage(browser);
    await withFailureShot(page, 'menu-gwadmin', async () => {
      await signIn(page, 'gwadmin');
      await settle(page);
      await shot(page, 'home-gwadmin');
      const labels = await menuLabels(page);
      for (const want of ['首页', '组织管理', '党组织', '党员管理', '党员名册', '导入花名册', '我的信息'])
        assert.ok(labels.includes(want), `missing ${want} in ${labels.join(' ')}`);
      for (const not of ['系统管理', '用户管理', '审计日志'])
        assert.ok(!labels.includes(not), `${not} shown to gwadmin: ${labels.join(' ')}`);
      assert.deepEqual(page.problems, []);
    });
    await page.context().close();
  });

  it('admin (系统管理员) sees 系统管理 but no member data', async () => {
    const page = await newPage(browser);
    await withFailureShot(page, 'menu-sysadmin', async () => {
      await signIn(page, 'admin');
      await settle(page);
      await shot(page, 'home-sysadmin');
      const labels = await menuLabels(page);
      for (const want of ['系统管理', '用户管理', '角色与权限', '我的信息'])
        assert.ok(labels.includes(want), `missing ${want} in ${labels.join(' ')}`);
      for (const not of ['党员管理', '党员名册', '组织管理', '审计日志', '安全策略'])
        assert.ok(!labels.includes(not), `${not} shown to sysadmin: ${labels.join(' ')}`);
      for (const [path, name] of [['/admin/users', 'admin-users'], ['/admin/roles', 'admin-roles']]) {
        await page.goto(path);
        await settle(page);
        await shot(page, name);
      }
      // Typing the roster's address gives the refusal page, no roster.
      await page.goto('/members');
      await page.getByText('无权访问').first().waitFor();
      assert.equal(await page.locator('[data-test="member-table"]').count(), 0);
      await shot(page, 'members-forbidden-sysadmin');
    });
    await page.context().close();
  });

  it('dangyuan (党员) sees only 我的信息', async () => {
    const page = await newPage(browser);
    await withFailureShot(page, 'menu-dangyuan', async () => {
      await signIn(page, 'dangyuan');
      await settle(page);
      await shot(page, 'home-dangyuan');
      await page.goto('/me');
      await settle(page);
      await shot(page, 'me-dangyuan');
      const labels = await menuLabels(page);
      assert.ok(labels.includes('我的信息'), `missing 我的信息 in ${labels.join(' ')}`);
      for (const not of ['组织管理', '党组织', '党员管理', '党员名册', '导入花名册', '系统管理', '用户管理', '审计日志'])
        assert.ok(!labels.includes(not), `${not} shown to a member: ${labels.join(' ')}`);
    });
    await page.context().close();
  });
});
