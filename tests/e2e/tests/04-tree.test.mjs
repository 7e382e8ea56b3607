// 组织树：工委组织部管理员新建一个下级党支部，再把它移动到另一个机关党委之下。
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, settle, api, withFailureShot } from '../lib/browser.mjs';
import { signIn } from '../lib/auth.mjs';
import { input } from '../lib/app.mjs';
import { pickOrg } from '../lib/orgs.mjs';

const node = (code) => `[data-test="org-node"][data-org-code="${code}"]`;

// The code of the organisation a node sits under, read from the tree on the page.
async function parentCodeInTree(page, code) {
  return page.locator(node(code)).evaluate((el) => {
    const own = el.closest('.el-tree-node');
    const up = own?.parentElement?.closest('.el-tree-node');
    return up?.querySelector(':scope > .el-tree-node__content [data-test="org-node"]')?.getAttribute('data-org-code') ?? null;
  });
}

async function searchTree(page, text) {
  await page.locator(input('org-search')).fill(text);
  await page.locator('[data-test="org-search-count"]').waitFor();
  await page.waitForTimeout(300); // the filter runs 200 ms after typing
}

describe('组织树 tree create and move', () => {
  let browser;
  let page;
  const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
  const name = `测试新建${code.slice(-4)}党支部`;
  let from; // D001's organisation
  let to; // D002's

  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await signIn(page, 'gwadmin');
    const all = (await api(page, 'GET', '/api/v1/orgs/tree')).items;
    const flat = [];
    const walk = (ns) => ns.forEach((n) => (flat.push(n), walk(n.children ?? [])));
    walk(all);
    from = flat.find((n) => n.code === 'D001');
    to = flat.find((n) => n.code === 'D002');
    assert.ok(from && to, 'the demo tree has D001 and D002');
  });
  after(async () => {
    await browser?.close();
  });

  it('creates a branch under a party committee', async () => {
    await withFailureShot(page, 'tree-create', async () => {
      await page.goto('/orgs');
      await page.locator('[data-test="org-tree"]').waitFor();
      await settle(page);
      await shot(page, 'orgs');
      await searchTree(page, from.code);
      await page.locator(node(from.code)).click();
      await page.locator('[data-test="org-details-name"]').filter({ hasText: from.name }).waitFor();
      await page.locator('[data-test="org-create-child"]').click();
      const dialog = page.locator('[data-test="org-form-dialog"]');
      await dialog.waitFor();
      await dialog.locator(input('org-form-name')).fill(name);
      await dialog.locator(input('org-form-code')).fill(code);
      await dialog.locator('[data-test="org-form-type"]').click();
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^党支部$/ }).click();
      await shot(page, 'org-create-dialog');
      await dialog.locator('[data-test="org-form-save"]').click();
      await dialog.waitFor({ state: 'hidden' });

      await searchTree(page, code);
      await page.locator(node(code)).waitFor();
      assert.equal(await parentCodeInTree(page, code), from.code);
      const created = (await api(page, 'GET', `/api/v1/orgs?q=${code}`)).items.find((o) => o.code === code);
      assert.ok(created, 'the server has the new organisation');
      assert.equal(created.parent_id, from.id);
      assert.equal(created.name, name);
      await shot(page, 'org-created');
    });
  });

  it('moves it under another party committee', async () => {
    await withFailureShot(page, 'tree-move', async () => {
      await searchTree(page, code);
      await page.locator(node(code)).click();
      await page.locator('[data-test="org-details-name"]').filter({ hasText: name }).waitFor();
      await page.locator('[data-test="org-move"]').click();
      const dialog = page.locator('[data-test="org-move-dialog"]');
      await dialog.waitFor();
      await pickOrg(page, 'org-move-target', to);
      await shot(page, 'org-move-dialog');
      await dialog.locator('[data-test="org-move-confirm"]').click();
      await dialog.waitFor({ state: 'hidden' });

      // The tree reloads after the move and keeps the search.
      await page.waitForFunction(
        ([c, want]) => {
          const el = document.querySelector(`[data-test="org-node"][data-org-code="${c}"]`);
          const up = el?.closest('.el-tree-node')?.parentElement?.closest('.el-tree-node');
          return up?.querySelector(':scope > .el-tree-node__content [data-test="org-node"]')?.getAttribute('data-org-code') === want;
        },
        [code, to.code],
      );
      assert.equal(await parentCodeInTree(page, code), to.code);
      const moved = (await api(page, 'GET', `/api/v1/orgs?q=${code}`)).items.find((o) => o.code === code);
      assert.equal(moved.parent_id, to.id);
      await shot(page, 'org-moved');
    });
  });
});
