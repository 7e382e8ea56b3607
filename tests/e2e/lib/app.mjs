// Page helpers shared by the tests: the member list, the organisation tree.
import { settle } from './browser.mjs';

export const m = {
  table: '[data-test="member-table"]',
  total: '[data-test="member-total"]',
  search: 'input[data-test="member-search"], [data-test="member-search"] input',
  name: '[data-test="member-name"]',
  drawer: '[data-test="member-drawer"]',
};

// The number in "共 N 名党员".
export async function memberTotal(page) {
  const text = await page.locator(m.total).innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

// The names in the list as shown.
export async function memberNames(page) {
  if ((await page.locator(m.table).count()) === 0) return [];
  return page.locator(m.name).allInnerTexts();
}

// Opens the roster (optionally at a URL query) and waits for it to load.
export async function openMembers(page, query = '') {
  await page.goto(`/members${query}`);
  await page.locator('[data-test="member-summary"]').waitFor();
  await settle(page);
}

// Types into the roster's search box and waits for the list that answers it.
export async function searchMembers(page, text) {
  const answered = page.waitForResponse(
    (r) => r.url().includes('/api/v1/members?') && new URL(r.url()).searchParams.get('q') === text,
  );
  await page.locator(m.search).fill(text);
  await answered;
  await settle(page);
}

// The text of the column `label` in every row of an Element Plus table.
export async function columnTexts(page, tableSel, label) {
  const table = page.locator(tableSel).first();
  const headers = await table.locator('thead th').allInnerTexts();
  const index = headers.findIndex((h) => h.trim() === label);
  if (index < 0) throw new Error(`no column ${label} in ${headers.join(' | ')}`);
  return table.locator(`tbody tr td:nth-child(${index + 1})`).allInnerTexts();
}

// The text box of an Element Plus input carrying data-test=NAME: el-input
// hands the attribute to its inner <input>, other wrappers keep it on the root.
export const input = (name) => `input[data-test="${name}"], [data-test="${name}"] input`;
