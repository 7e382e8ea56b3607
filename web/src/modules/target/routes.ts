// 目标任务: 目标任务分解 · 时序进度 · 督促检查 (docs/targets.md).
import type { RouteRecordRaw } from 'vue-router'
import type { MenuItem } from '@/layout/menu'

// One loader for the list and its record's address (the drawer over the list).
const InspectionListPage = () => import('./views/InspectionListPage.vue')

export const routes: RouteRecordRaw[] = [
  {
    path: 'targets/todo',
    name: 'target-todo',
    component: () => import('./views/TodoPage.vue'),
    meta: { title: '我的待办', orgPanel: false },
  },
  {
    path: 'targets/todo/:id(\\d+)',
    name: 'target-report',
    component: () => import('./views/ReportPage.vue'),
    meta: { title: '填报进度', orgPanel: false },
  },
  {
    path: 'targets/plans',
    name: 'target-plans',
    component: () => import('./views/PlanListPage.vue'),
    meta: { title: '目标计划', permission: 'target:read', orgPanel: false },
  },
  {
    path: 'targets/plans/:id(\\d+)',
    name: 'target-plan',
    component: () => import('./views/PlanDetailPage.vue'),
    meta: { title: '计划详情', permission: 'target:read', orgPanel: false },
  },
  {
    path: 'targets/reviews',
    name: 'target-reviews',
    component: () => import('./views/ReviewPage.vue'),
    meta: { title: '进度审核', permission: 'target:review', orgPanel: false },
  },
  {
    path: 'targets/stats',
    name: 'target-stats',
    component: () => import('./views/StatsPage.vue'),
    // Follows the organisation chosen in the layout's tree panel.
    meta: { title: '完成情况统计', permission: 'target:read' },
  },
  {
    path: 'targets/milestones',
    name: 'target-milestones',
    component: () => import('./views/MilestoneListPage.vue'),
    meta: { title: '时序节点明细', permission: 'target:read', orgPanel: false },
  },
  {
    path: 'targets/inspections',
    name: 'target-inspections',
    component: InspectionListPage,
    meta: { title: '督促检查', permission: 'target:read', orgPanel: false },
  },
  {
    path: 'targets/inspections/:id(\\d+)',
    name: 'target-inspection',
    component: InspectionListPage,
    meta: { title: '督查详情', permission: 'target:read', orgPanel: false },
  },
]

export const menu: MenuItem[] = [
  {
    path: '/target-group',
    title: '目标任务',
    icon: 'Flag',
    order: 30,
    children: [
      { path: '/targets/todo', title: '我的待办', icon: 'List', order: 10 },
      { path: '/targets/plans', title: '目标计划', icon: 'Management', permission: 'target:read', order: 20 },
      { path: '/targets/reviews', title: '进度审核', icon: 'Stamp', permission: 'target:review', order: 30 },
      { path: '/targets/stats', title: '完成情况统计', icon: 'DataAnalysis', permission: 'target:read', order: 40 },
      { path: '/targets/inspections', title: '督促检查', icon: 'Checked', permission: 'target:read', order: 50 },
    ],
  },
]
