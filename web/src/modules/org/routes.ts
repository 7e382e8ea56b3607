// 组织管理: the organisation tree and its import.
import type { RouteRecordRaw } from 'vue-router'
import type { MenuItem } from '@/layout/menu'

export const routes: RouteRecordRaw[] = [
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('./OrgPage.vue'),
    // The page has its own tree: the layout's panel would repeat it.
    meta: { title: '党组织', permission: 'org:read', orgPanel: false },
  },
  {
    path: 'orgs/import',
    name: 'org-import',
    component: () => import('./OrgImportPage.vue'),
    meta: { title: '导入组织', permission: 'org:import', orgPanel: false },
  },
]

export const menu: MenuItem[] = [
  {
    path: '/org-group',
    title: '组织管理',
    icon: 'OfficeBuilding',
    order: 10,
    children: [{ path: '/orgs', title: '党组织', icon: 'Share', permission: 'org:read', order: 10 }],
  },
]
