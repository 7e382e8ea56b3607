// Looks up organisations through the API (facts the tests need, not what they test).
import { api } from './browser.mjs';

export async function flatTree(page) {
  const flat = [];
  const walk = (nodes, parent) =>
    nodes.forEach((n) => {
      flat.push({ ...n, parent });
      walk(n.children ?? [], n);
    });
  walk((await api(page, 'GET', '/api/v1/orgs/tree')).items, null);
  return flat;
}

// The branch the import and export tests use: the last 党支部 of the demo tree
// (zhibu's is the first; the tree test works under D001 and D002).
export async function importBranch(page) {
  const branches = (await flatTree(page)).filter((n) => n.type === '党支部' && !n.code.startsWith('E2E-'));
  return branches[branches.length - 1];
}

// Picks `org` in the OrgPicker (el-tree-select) with data-test=NAME: the
// attribute may sit on a wrapper or on the select itself, and el-tree-select
// may hand it to its drop-down tree too (role=tree), which is not the picker.
export async function pickOrg(page, name, org) {
  const picker = page.locator(`[data-test="${name}"]:not([role="tree"])`).first();
  await picker.click();
  await picker.locator('input').fill(org.code);
  // Names repeat across departments (离退休干部党支部): the code filter leaves one visible.
  await page.locator('.el-select-dropdown:visible .el-tree-node__content:visible').filter({ hasText: org.name }).last().click();
}
