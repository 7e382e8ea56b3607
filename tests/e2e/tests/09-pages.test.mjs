// 其余主要页面的截图（tests/e2e/artifacts/），并检查每页都能打开：标题出现、没有服务器错误或
// 脚本错误、页面不比窗口宽；另有首页和党员名册在 375 px 手机宽度下的截图。
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, settle, withFailureShot } from '../lib/browser.mjs';
import { signIn } from '../lib/auth.mjs';

async function visit(page, path, name, heading) {
  await page.goto(path);
  await page.getByRole('heading', { name: heading }).first().waitFor();
  await settle(page);
  await shot(page, name);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the window`);
}

describe('主要页面 main pages', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('the committee administrator’s other pages open cleanly', async () => {
    const page = await newPage(browser);
    await withFailureShot(page, 'pages-gwadmin', async () => {
      await signIn(page, 'gwadmin');
      await visit(page, '/orgs/import', 'org-import', '导入组织');
      await visit(page, '/me', 'me', '我的信息');
      await visit(page, '/me/sessions', 'me-sessions', '我的会话');
      assert.deepEqual(page.problems, []);
    });
    await page.context().close();
  });

  it('the security administrator’s pages open cleanly', async () => {
    const page = await newPage(browser);
    await withFailureShot(page, 'pages-secadmin', async () => {
      await signIn(page, 'anquan');
      await visit(page, '/admin/policy', 'admin-policy', '安全策略');
      await visit(page, '/admin/users', 'admin-users-secadmin', '用户管理');
      assert.deepEqual(page.problems, []);
    });
    await page.context().close();
  });

  it('home and roster fit a 375 px phone screen', async () => {
    const page = await newPage(browser, { width: 375, height: 812, isMobile: true });
    await withFailureShot(page, 'pages-375', async () => {
      await signIn(page, 'gwadmin');
      await settle(page);
      await shot(page, 'home-375');
      let overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `home is ${overflow}px wider than the phone`);
      await page.goto('/members');
      await page.locator('[data-test="member-summary"]').waitFor();
      await settle(page);
      await shot(page, 'members-375');
      overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the roster is ${overflow}px wider than the phone`);
      assert.deepEqual(page.problems, []);
    });
    await page.context().close();
  });
});
