// 目标任务的主流程（docs/targets.md）：工委管理员制定并下达计划 → 机关党委收到消息、
// 把事项分解给支部书记并设置时序节点（一个已过期、一个未到期）→ 支部书记在手机（375 px）
// 上通过“我的待办”报告完成并上传照片 → 机关党委审核通过 → 分解树显示进度和逾期标记 →
// 完成情况统计的逾期数字下钻到那个节点 → 工委管理员督查并派发整改，出现在支部书记的待办中。
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, launch, newPage, settle, shot, withFailureShot } from '../lib/browser.mjs';
import { signIn } from '../lib/auth.mjs';
import { account } from '../lib/state.mjs';
import {
  confirmBox,
  demoOrgs,
  dialog,
  ensureTargetPermissions,
  fillDate,
  overflowX,
  pickOrg,
  pickOwner,
  tinyPng,
  treeRow,
} from '../lib/targets.mjs';

const stamp = Date.now().toString(36).slice(-4);
const PLAN = `2026年度机关党建目标任务（测试${stamp}）`;
const ITEM = `推进“五大工程”落地见效（${stamp}）`;
const CHILD = `支部“三会一课”规范化（${stamp}）`;
const PAST = `一季度完成支部书记述职（${stamp}）`;
const FUTURE = `年底前完成支部规范化验收（${stamp}）`;
const RECT = `整改：补齐组织生活会记录（${stamp}）`;

describe('目标任务 targets main path', () => {
  let browser;
  let admin; // gwadmin, 1440 px
  let dangwei; // the department, 1440 px
  let zhibu; // the branch secretary, 375 × 812
  let planId;
  let orgs; // {root, dept, branch}

  before(async () => {
    browser = await launch();
    const changed = await ensureTargetPermissions(browser);
    if (changed.length) console.log(`granted target permissions through the admin API: ${changed.join('; ')}`);
  });
  after(async () => {
    await browser?.close();
  });

  it('gwadmin creates a plan with an item for the department and issues it', async () => {
    admin = await newPage(browser);
    await withFailureShot(admin, 'targets-plan-create', async () => {
      await signIn(admin, 'gwadmin');
      orgs = await demoOrgs(admin, account);
      await admin.goto('/targets/plans');
      await admin.getByRole('heading', { name: '目标计划' }).waitFor();
      await settle(admin);
      await admin.locator('[data-test="plan-create"]').click();
      const d = dialog(admin, 'plan-form');
      await d.waitFor();
      await pickOrg(admin, d, 'plan-form-org', orgs.root);
      await d.locator('input[data-test="plan-form-title"], [data-test="plan-form-title"] input').first().fill(PLAN);
      await d.locator('[data-test="plan-form-tags"]').first().click();
      await admin.locator('.el-select-dropdown__item').filter({ visible: true, hasText: '五大工程' }).first().click();
      await d.locator('.el-dialog__title').click(); // closes the drop-down (Escape would close the dialog)
      await shot(admin, 'targets-plan-create');
      await d.locator('[data-test="plan-form-confirm"]').click();
      await admin.waitForURL(/\/targets\/plans\/\d+$/);
      planId = Number(new URL(admin.url()).pathname.split('/').pop());
      await admin.locator('[data-test="plan-title"]').waitFor();
      assert.equal((await admin.locator('[data-test="plan-title"]').innerText()).trim(), PLAN);
      assert.match(await admin.locator('[data-test="plan-status"]').innerText(), /草稿/);

      await admin.locator('[data-test="item-add-top"]').click();
      const f = dialog(admin, 'item-form');
      await f.waitFor();
      await f.locator('input[data-test="item-form-title"], [data-test="item-form-title"] input').first().fill(ITEM);
      await pickOrg(admin, f, 'item-form-org', orgs.dept);
      await pickOwner(admin, f, 'item-form-owner', account('dangwei').display_name);
      await f.locator('[data-test="item-form-confirm"]').click();
      await f.waitFor({ state: 'hidden' });
      await treeRow(admin, ITEM).waitFor();
      await settle(admin);

      await admin.locator('[data-test="plan-issue"]').click();
      await confirmBox(admin, '下达');
      await admin.locator('[data-test="plan-status"]', { hasText: '已下达' }).waitFor();
      await settle(admin);
      await shot(admin, 'targets-plan-issued');
      assert.deepEqual(admin.problems, []);
    });
  });

  it('dangwei sees the notice and decomposes his item to the branch secretary with two milestones', async () => {
    dangwei = await newPage(browser);
    await withFailureShot(dangwei, 'targets-decompose', async () => {
      await signIn(dangwei, 'dangwei');
      await settle(dangwei);
      const badge = dangwei.locator('[data-test="bell-badge"] .el-badge__content');
      await badge.waitFor({ state: 'visible' });
      assert.ok(Number(await badge.innerText()) >= 1, 'the bell shows unread notices');
      await dangwei.locator('[data-test="bell"]').click();
      await dangwei.locator('[data-test="bell-item"]').first().waitFor();
      await settle(dangwei);
      await shot(dangwei, 'targets-bell');
      await dangwei.keyboard.press('Escape');

      await dangwei.goto(`/targets/plans/${planId}`);
      await treeRow(dangwei, ITEM).waitFor();
      await settle(dangwei);
      await treeRow(dangwei, ITEM).locator('[data-test="item-add-child"]').click();
      const f = dialog(dangwei, 'item-form');
      await f.waitFor();
      await f.locator('input[data-test="item-form-title"], [data-test="item-form-title"] input').first().fill(CHILD);
      await pickOrg(dangwei, f, 'item-form-org', orgs.branch);
      await pickOwner(dangwei, f, 'item-form-owner', account('zhibu').display_name);
      await f.locator('[data-test="item-form-confirm"]').click();
      await f.waitFor({ state: 'hidden' });
      await treeRow(dangwei, CHILD).waitFor();
      await settle(dangwei);

      for (const [title, due] of [
        [PAST, '2026-03-31'],
        [FUTURE, '2026-12-20'],
      ]) {
        await treeRow(dangwei, CHILD).locator('[data-test="item-add-milestone"]').click();
        const m = dialog(dangwei, 'milestone-form');
        await m.waitFor();
        await m.locator('input[data-test="milestone-form-title"], [data-test="milestone-form-title"] input').first().fill(title);
        await fillDate(dangwei, m, due);
        await m.locator('[data-test="milestone-form-confirm"]').click();
        await m.waitFor({ state: 'hidden' });
        await settle(dangwei);
      }
      await shot(dangwei, 'targets-decomposed');
      const tree = await api(dangwei, 'GET', `/api/v1/targets/plans/${planId}/tree`);
      const child = tree.items.find((n) => n.title === CHILD);
      assert.ok(child, 'the child item is in the tree');
      assert.deepEqual(child.milestones.map((m) => m.title).sort(), [PAST, FUTURE].sort());
      assert.deepEqual(dangwei.problems, []);
    });
  });

  it('zhibu reports the future milestone as done with a photo on a 375 px phone', async () => {
    zhibu = await newPage(browser, { width: 375, height: 812, isMobile: true });
    await withFailureShot(zhibu, 'targets-report', async () => {
      await signIn(zhibu, 'zhibu');
      await zhibu.goto('/targets/todo');
      await zhibu.locator('[data-test="todo-list"]').waitFor();
      await settle(zhibu);
      await shot(zhibu, 'targets-todo-375');
      assert.ok((await overflowX(zhibu)) <= 0, 'the to-do list fits the phone');
      const past = zhibu.locator('[data-test="todo-card"]').filter({ hasText: PAST });
      await past.waitFor();
      assert.match(await past.innerText(), /已逾期/);
      await zhibu.locator('[data-test="todo-card"]').filter({ hasText: FUTURE }).click();
      await zhibu.waitForURL(/\/targets\/todo\/\d+$/);
      await zhibu.locator('[data-test="report-form"]').waitFor();
      await settle(zhibu);
      await zhibu.locator('[data-test="report-body"] textarea, textarea[data-test="report-body"]').first().fill('已完成支部规范化建设各项工作，召开验收会议并形成记录。');
      await zhibu.locator('[data-test="report-done"]').click();
      await zhibu.locator('[data-test="evidence-input"]').setInputFiles(tinyPng());
      await zhibu.locator('.evidence__item.is-done').waitFor();
      await settle(zhibu);
      await shot(zhibu, 'targets-report-375');
      // The layout scrolls inside the page frame: a second picture of the form's end.
      await zhibu.locator('[data-test="report-submit"]').scrollIntoViewIfNeeded();
      await shot(zhibu, 'targets-report-375-bottom');
      assert.ok((await overflowX(zhibu)) <= 0, 'the report form fits the phone');
      await zhibu.locator('[data-test="report-submit"]').click();
      await zhibu.waitForURL((u) => u.pathname === '/targets/todo');
      await zhibu.locator('.el-message--success').first().waitFor();
      await settle(zhibu);
      const future = zhibu.locator('[data-test="todo-card"]').filter({ hasText: FUTURE });
      await future.waitFor();
      assert.match(await future.innerText(), /待审核/);
      await shot(zhibu, 'targets-todo-submitted-375');
      assert.deepEqual(zhibu.problems, []);
    });
  });

  it('dangwei accepts the report; the tree shows progress and the overdue mark', async () => {
    await withFailureShot(dangwei, 'targets-review', async () => {
      await dangwei.goto('/targets/reviews');
      await dangwei.getByRole('heading', { name: '进度审核' }).waitFor();
      const card = dangwei.locator('[data-test="review-card"]').filter({ hasText: FUTURE });
      await card.waitFor();
      await settle(dangwei);
      assert.equal(await card.locator('[data-test="evidence-link"]').count(), 1, 'the evidence is shown');
      await shot(dangwei, 'targets-review');
      await card.locator('[data-test="review-accept"]').click();
      await confirmBox(dangwei, '通过');
      await card.waitFor({ state: 'detached' });

      await dangwei.goto(`/targets/plans/${planId}`);
      await treeRow(dangwei, CHILD).waitFor();
      await settle(dangwei);
      const progress = await dangwei.locator('[data-test="plan-progress"]').innerText();
      assert.ok(parseFloat(progress) > 0, `plan progress ${progress}`);
      const childOverdue = treeRow(dangwei, CHILD).locator('[data-test="tree-overdue"]');
      assert.match(await childOverdue.innerText(), /逾期 1/);
      assert.match(await treeRow(dangwei, ITEM).locator('[data-test="tree-overdue"]').innerText(), /逾期 1/);
      await shot(dangwei, 'targets-plan-tree');

      await dangwei.getByRole('tab', { name: '时序进度' }).click();
      await dangwei.locator('[data-test="gantt-row"]').first().waitFor();
      await settle(dangwei);
      assert.equal(await dangwei.locator('[data-test="gantt-row"][data-kind="overdue"]').filter({ hasText: PAST }).count(), 1);
      assert.equal(await dangwei.locator('[data-test="gantt-row"][data-kind="done"]').filter({ hasText: FUTURE }).count(), 1);
      await shot(dangwei, 'targets-plan-timeline');

      // The item drawer: milestones with the accepted report.
      await dangwei.getByRole('tab', { name: '分解树' }).click();
      await treeRow(dangwei, CHILD).locator('[data-test="tree-title"]').click();
      const drawer = dangwei.locator('.el-drawer[data-test="item-drawer"], [data-test="item-drawer"] .el-drawer').filter({ visible: true }).first();
      await drawer.locator('[data-test="drawer-milestone"]').first().waitFor();
      await settle(dangwei);
      await shot(dangwei, 'targets-item-drawer');
      await dangwei.keyboard.press('Escape');
      assert.deepEqual(dangwei.problems, []);
    });
  });

  it('完成情况统计 shows the overdue figure, which drills down to the past milestone', async () => {
    await withFailureShot(admin, 'targets-stats', async () => {
      await admin.goto('/targets/stats');
      await admin.getByRole('heading', { name: '完成情况统计' }).waitFor();
      await admin.locator('[data-test="stats-table"]').waitFor();
      await settle(admin);
      await shot(admin, 'targets-stats');
      const rows = admin.locator('[data-test="stats-table"] tbody tr');
      let row = rows.filter({ hasText: orgs.dept.name }).first();
      if ((await row.count()) === 0) row = rows.filter({ hasText: '合计' }).first();
      const overdue = row.locator('[data-test="stats-overdue"]');
      assert.ok(Number(await overdue.innerText()) >= 1, 'an overdue figure');
      await overdue.click();
      await admin.waitForURL((u) => u.pathname === '/targets/milestones' && u.searchParams.get('state') === 'overdue');
      await admin.locator('[data-test="ms-table"]').waitFor();
      await settle(admin);
      // The demo may hold overdue milestones of its own: search for ours.
      const titles = await admin.locator('[data-test="ms-title"]').allInnerTexts();
      if (!titles.includes(PAST)) {
        await admin.getByPlaceholder('搜索节点名称').fill(PAST);
        await admin.getByRole('button', { name: '查询' }).click();
        await settle(admin);
      }
      await admin.locator('[data-test="ms-title"]', { hasText: PAST }).waitFor();
      await shot(admin, 'targets-drilldown');
      assert.deepEqual(admin.problems, []);
    });
  });

  it('gwadmin records an inspection with a rectification for zhibu; it appears on zhibu’s to-do', async () => {
    await withFailureShot(admin, 'targets-inspection', async () => {
      await admin.goto('/targets/inspections');
      await admin.getByRole('heading', { name: '督促检查' }).waitFor();
      await settle(admin);
      await admin.locator('[data-test="inspection-create"]').click();
      const d = dialog(admin, 'inspection-dialog');
      await d.waitFor();
      await pickOrg(admin, d, 'inspection-org', orgs.branch);
      await d.locator('[data-test="inspection-findings"] textarea, textarea[data-test="inspection-findings"]').first().fill('组织生活会记录不全，部分会议缺少签到表。');
      await d.locator('input[data-test="rect-title"], [data-test="rect-title"] input').first().fill(RECT);
      await pickOwner(admin, d, 'rect-owner', account('zhibu').display_name);
      await fillDate(admin, d.locator('[data-test="inspection-rect"]').first(), '2026-12-25');
      await shot(admin, 'targets-inspection-dialog');
      await d.locator('[data-test="inspection-confirm"]').click();
      await d.waitFor({ state: 'hidden' });
      await admin.locator('[data-test="inspection-rectification"]', { hasText: RECT }).waitFor();
      await settle(admin);
      await shot(admin, 'targets-inspection');
      assert.deepEqual(admin.problems, []);
    });
    await withFailureShot(zhibu, 'targets-rectification-todo', async () => {
      await zhibu.goto('/targets/todo');
      const rect = zhibu.locator('[data-test="todo-card"]').filter({ hasText: RECT });
      await rect.waitFor();
      await settle(zhibu);
      assert.match(await rect.innerText(), /整改/);
      await rect.scrollIntoViewIfNeeded();
      await shot(zhibu, 'targets-todo-rectification-375');
      assert.ok((await overflowX(zhibu)) <= 0);
      assert.deepEqual(zhibu.problems, []);
    });
  });

  it('the other target pages fit a 375 px phone', async () => {
    await withFailureShot(zhibu, 'targets-pages-375', async () => {
      for (const [path, heading, name] of [
        ['/targets/plans', '目标计划', 'targets-plans-375'],
        [`/targets/plans/${planId}`, PLAN, 'targets-plan-375'],
        ['/targets/reviews', '进度审核', 'targets-reviews-375'],
        ['/targets/inspections', '督促检查', 'targets-inspections-375'],
        ['/notifications', '我的消息', 'targets-notifications-375'],
      ]) {
        await zhibu.goto(path);
        await zhibu.getByRole('heading', { name: heading }).first().waitFor();
        await settle(zhibu);
        await shot(zhibu, name);
        assert.ok((await overflowX(zhibu)) <= 0, `${path} is wider than the phone`);
      }
      assert.deepEqual(zhibu.problems, []);
    });
    for (const p of [admin, dangwei, zhibu]) await p.context().close();
  });
});
