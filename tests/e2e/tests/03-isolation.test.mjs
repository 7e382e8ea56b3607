// 数据范围：党支部书记只能看到本支部的党员——名册里看不到其他支部的人，
// 直接输入其他支部党员的地址看到的是“不存在”，而不是数据。
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, settle, api, withFailureShot } from '../lib/browser.mjs';
import { signIn } from '../lib/auth.mjs';
import { m, memberTotal, memberNames, openMembers, searchMembers, columnTexts } from '../lib/app.mjs';

function findNode(forest, pred, parent = null) {
  for (const n of forest) {
    if (pred(n)) return { node: n, parent };
    const hit = findNode(n.children ?? [], pred, n);
    if (hit) return hit;
  }
  return null;
}

describe('数据范围 branch isolation', () => {
  let browser;
  let admin; // gwadmin's page: looks up the facts the test checks against
  let own; // zhibu's branch
  let other; // a sibling branch under the same party committee
  let stranger; // a member of `other` whose name does not occur in `own`
  let ownCount;
  let page; // zhibu's

  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await signIn(page, 'zhibu');
    const me = await api(page, 'GET', '/api/v1/auth/me');
    admin = await newPage(browser);
    await signIn(admin, 'gwadmin');
    const tree = await api(admin, 'GET', '/api/v1/orgs/tree');
    const hit = findNode(tree.items, (n) => n.id === me.org.id);
    assert.ok(hit, 'zhibu’s branch is in the tree');
    own = hit.node;
    other = hit.parent.children.find((n) => n.id !== own.id && n.type === own.type);
    assert.ok(other, 'the branch has a sibling branch');
    ownCount = (await api(admin, 'GET', `/api/v1/members?org_id=${own.id}&page_size=1`)).total;
    const others = (await api(admin, 'GET', `/api/v1/members?org_id=${other.id}&page_size=50`)).items;
    for (const p of others) {
      const same = await api(admin, 'GET', `/api/v1/members?org_id=${own.id}&q=${encodeURIComponent(p.name)}`);
      if (same.total === 0) {
        stranger = p;
        break;
      }
    }
    assert.ok(stranger, 'a member of the other branch with a name not found in zhibu’s branch');
  });
  after(async () => {
    await browser?.close();
  });

  it('the roster of a branch secretary lists only their own branch', async () => {
    await withFailureShot(page, 'isolation-list', async () => {
      await openMembers(page);
      assert.equal(await memberTotal(page), ownCount, 'the total is the branch’s own count');
      const orgs = await columnTexts(page, m.table, '所在支部');
      assert.ok(orgs.length > 0);
      for (const o of orgs) assert.equal(o.trim(), own.name);
      await shot(page, 'members-zhibu');
      // Searching another branch's member by name finds nobody.
      await searchMembers(page, stranger.name);
      assert.equal(await memberTotal(page), 0);
      assert.deepEqual(await memberNames(page), []);
      assert.ok(!(await page.locator('body').innerText()).includes(stranger.id_number));
      await shot(page, 'members-zhibu-search-other');
      // Asking for the other branch in the address shows nothing of it either.
      await openMembers(page, `?org_id=${other.id}`);
      const names = await memberNames(page);
      assert.ok(!names.includes(stranger.name), `${stranger.name} shown: ${names.join(' ')}`);
      const orgsThere = (await page.locator(m.table).count()) ? await columnTexts(page, m.table, '所在支部') : [];
      for (const o of orgsThere) assert.equal(o.trim(), own.name);
      await shot(page, 'members-zhibu-other-org-url');
      // The organisation panel holds the own branch only.
      const panel = await page.locator('.layout').innerText();
      assert.ok(!panel.includes(other.name) || other.name === own.name, `the other branch ${other.name} is listed`);
    });
  });

  // /members/:id opens that member's drawer; an id outside the caller's scope
  // must show the not-found state and nothing of the member.
  it('a direct URL to another branch’s member shows the not-found state, not the member', async () => {
    await withFailureShot(page, 'isolation-url', async () => {
      // The same URL for a member of the own branch shows that member: the
      // route exists and works, so a "not found" below is the scope at work.
      const mine = (await api(admin, 'GET', `/api/v1/members?org_id=${own.id}&page_size=1`)).items[0];
      await page.goto(`/members/${mine.id}`);
      await page.locator('[data-test="member-drawer-name"]').filter({ hasText: mine.name }).waitFor();
      await settle(page);

      const answers = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname === `/api/v1/members/${stranger.id}`) answers.push(r.status());
      });
      await page.goto(`/members/${stranger.id}`);
      await page.getByText(/不存在|无权查看/).first().waitFor();
      await settle(page);
      assert.deepEqual(answers.length ? [...new Set(answers)] : [404], [404]);
      const text = await page.locator('body').innerText();
      assert.ok(!text.includes(stranger.name), `the page shows ${stranger.name}`);
      assert.ok(!text.includes(stranger.id_number), 'the page shows the masked ID of the member');
      await shot(page, 'member-other-branch-not-found');
    });
  });
});
