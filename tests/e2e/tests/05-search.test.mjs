// 党员名册的拼音首字母搜索：输入一位演示党员姓名的首字母（如“zs”），名册列出该党员。
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, api, withFailureShot } from '../lib/browser.mjs';
import { signIn } from '../lib/auth.mjs';
import { initials } from '../lib/pinyin.mjs';
import { memberTotal, memberNames, openMembers, searchMembers } from '../lib/app.mjs';

describe('拼音首字母搜索 pinyin search', () => {
  let browser;
  let page;
  let target; // { name, initials, total }

  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await signIn(page, 'gwadmin');
    // A demo member with a three-character name whose initials are rare
    // enough that every match fits on the first page.
    const sample = (await api(page, 'GET', '/api/v1/members?page_size=100&sort=updated')).items;
    const seen = new Set();
    for (const p of sample) {
      const ini = initials(p.name);
      if (!ini || ini.length !== 3 || seen.has(ini)) continue;
      seen.add(ini);
      const found = await api(page, 'GET', `/api/v1/members?q=${ini}&page_size=20`);
      if (found.total >= 1 && found.total <= 20) {
        target = { name: p.name, initials: ini, total: found.total };
        break;
      }
      if (seen.size > 15) break;
    }
    assert.ok(target, 'a demo member with rare enough initials');
  });
  after(async () => {
    await browser?.close();
  });

  it('finds a member by the initials of their name', async () => {
    await withFailureShot(page, 'search-pinyin', async () => {
      await openMembers(page);
      const all = await memberTotal(page);
      await searchMembers(page, target.initials);
      const names = await memberNames(page);
      assert.ok(names.includes(target.name), `${target.name} not among ${names.join(' ')}`);
      assert.equal(await memberTotal(page), target.total);
      assert.ok(target.total < all);
      // Every name listed that the table can spell starts with those initials.
      for (const n of names) {
        const ini = initials(n);
        if (ini) assert.ok(ini.startsWith(target.initials), `${n} (${ini}) does not match ${target.initials}`);
      }
      await shot(page, 'members-search-pinyin');
      // Capitals work the same.
      await searchMembers(page, target.initials.toUpperCase());
      assert.ok((await memberNames(page)).includes(target.name));
    });
  });
});
