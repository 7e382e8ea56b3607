// Helpers of the 目标任务 browser test: picking organisations and owners in
// the dialogs, dates, a tiny PNG for evidence, and making sure the demo roles
// hold the target permissions (granted through the admin API when missing).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, newPage, settle } from './browser.mjs';
import { signIn } from './auth.mjs';

// The permissions each demo role should hold (docs/targets.md; the demo gives them).
export const TARGET_GRANTS = {
  committee_admin: ['target:read', 'target:manage', 'target:review', 'target:supervise'],
  party_committee: ['target:read', 'target:manage', 'target:review', 'target:supervise'],
  branch_secretary: ['target:read', 'target:manage', 'target:review'],
};

// Signs the system administrator in and adds the missing target permissions
// to the demo roles. Returns the list of roles changed ([] when the demo had them).
export async function ensureTargetPermissions(browser) {
  const page = await newPage(browser);
  try {
    await signIn(page, 'admin');
    const roles = await api(page, 'GET', '/api/v1/roles');
    const list = Array.isArray(roles) ? roles : roles.items;
    const changed = [];
    for (const [code, wanted] of Object.entries(TARGET_GRANTS)) {
      const role = list.find((r) => r.code === code);
      if (!role) throw new Error(`no demo role ${code}`);
      const missing = wanted.filter((p) => !role.permissions.includes(p));
      if (!missing.length) continue;
      await api(page, 'PUT', `/api/v1/roles/${role.id}`, {
        code: role.code,
        name: role.name,
        description: role.description,
        require_totp: role.require_totp,
        permissions: [...role.permissions, ...missing],
      });
      changed.push(`${code}+${missing.join(',')}`);
    }
    return changed;
  } finally {
    await page.context().close();
  }
}

// A visible dialog (Element Plus renders dialogs into body).
export const dialog = (page, test) => page.locator(`[data-test="${test}"]`).filter({ visible: true }).last();

// Picks organisation `org` ({code, name}) in an OrgSelect (el-tree-select)
// inside `scope`: the code filter leaves one node (names repeat across departments).
export async function pickOrg(page, scope, test, org) {
  const box = scope.locator(`[data-test="${test}"]:not([role="tree"])`).first();
  await box.click();
  await box.locator('input').first().fill(org.code);
  await page.locator('.el-select-dropdown:visible .el-tree-node__content:visible').filter({ hasText: org.name }).last().click();
}

// The demo organisations of the accounts: the committee (gwadmin), the
// department (dangwei) and its first branch (zhibu), as {id, code, name}.
export async function demoOrgs(page, accountOf) {
  const flat = [];
  const walk = (nodes, parent) =>
    nodes.forEach((n) => {
      flat.push({ ...n, parent });
      walk(n.children ?? [], n);
    });
  walk((await api(page, 'GET', '/api/v1/orgs/tree')).items, null);
  const root = flat.find((n) => !n.parent);
  const dept = flat.find((n) => n.name === accountOf('dangwei').org);
  if (!dept) throw new Error(`no organisation named ${accountOf('dangwei').org}`);
  const branch = flat.find((n) => n.parent?.id === dept.id && n.name === accountOf('zhibu').org) ??
    flat.find((n) => n.name === accountOf('zhibu').org);
  return { root, dept, branch };
}

// Picks a person in an OwnerSelect (remote el-select) inside `scope`.
export async function pickOwner(page, scope, test, displayName) {
  const box = scope.locator(`[data-test="${test}"]`).first();
  await box.click();
  const option = page.locator('.el-select-dropdown').filter({ visible: true }).locator('.el-select-dropdown__item', { hasText: displayName }).first();
  await option.click();
}

// Types a date into an el-date-picker inside `scope` (the n-th one).
export async function fillDate(page, scope, date, n = 0) {
  const input = scope.locator('.el-date-editor input').nth(n);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

// Clicks the confirm button of an ElMessageBox.
export async function confirmBox(page, text) {
  const box = page.locator('.el-message-box').filter({ visible: true });
  await box.getByRole('button', { name: text }).click();
  await box.waitFor({ state: 'hidden' });
}

// A 1×1 red PNG written to a temp file (evidence for the report).
export function tinyPng() {
  const file = path.join(os.tmpdir(), `dj-evidence-${process.pid}.png`);
  const b64 =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
  writeFileSync(file, Buffer.from(b64, 'base64'));
  return file;
}

// The row of the plan tree whose title is `title`.
export const treeRow = (page, title) =>
  page.locator('[data-test="plan-tree"] tr.tree-row').filter({ has: page.locator('[data-test="tree-title"]', { hasText: new RegExp(`^${escapeRe(title)}$`) }) }).first();

export async function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

export { settle };

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
