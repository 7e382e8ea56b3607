// 党员管理: the roster and its import.
import type { RouteRecordRaw } from 'vue-router'
import type { MenuItem } from '@/layout/menu'

export const routes: RouteRecordRaw[] = [
  {
    path: 'members',
    name: 'members',
    component: () => import('./MemberListPage.vue'),
    // Follows the organisation chosen in the layout's tree panel.
    meta: { title: '党员名册', permission: 'member:read' },
  },
  {
    // A member's own address (links, bookmarks): the roster with that member's
    // drawer open; an id outside the caller's scope shows the not-found state.
    path: 'members/:id(\\d+)',
    name: 'member-detail',
    component: () => import('./MemberListPage.vue'),
    meta: { title: '党员信息', permission: 'member:read' },
  },
  {
    path: 'members/import',
    name: 'member-import',
    component: () => import('./MemberImportPage.vue'),
    meta: { title: '导入花名册', permission: 'member:import', orgPanel: false },
  },
]

export const menu: MenuItem[] = [
  {
    path: '/member-group',
    title: '党员管理',
    icon: 'UserFilled',
    order: 20,
    children: [
      { path: '/members', title: '党员名册', icon: 'Notebook', permission: 'member:read', order: 10 },
      { path: '/members/import', title: '导入花名册', icon: 'Upload', permission: 'member:import', order: 20 },
    ],
  },
]
