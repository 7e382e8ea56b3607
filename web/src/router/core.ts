// The platform's own pages (sign-in, my account, administration). Domain
// modules add theirs in src/modules/<name>/routes.ts.
import type { RouteRecordRaw } from 'vue-router'
import type { MenuItem } from '@/layout/menu'

export const authRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/Login.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/password',
    name: 'change-password',
    component: () => import('@/views/auth/ChangePassword.vue'),
    meta: { title: '修改密码', stages: ['change_password'] },
  },
  {
    path: '/totp',
    name: 'totp',
    component: () => import('@/views/auth/TotpVerify.vue'),
    meta: { title: '两步验证', stages: ['totp'] },
  },
  {
    path: '/totp/enrol',
    name: 'totp-enrol',
    component: () => import('@/views/auth/TotpEnrol.vue'),
    meta: { title: '绑定身份验证器', stages: ['totp_enrol', 'full'] },
  },
]

/** Children of the layout route. */
export const coreRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/home/Home.vue'),
    meta: { title: '首页' },
  },
  {
    path: 'me',
    name: 'me',
    component: () => import('@/views/me/Profile.vue'),
    meta: { title: '我的信息', orgPanel: false },
  },
  {
    path: 'me/sessions',
    name: 'my-sessions',
    component: () => import('@/views/me/Sessions.vue'),
    meta: { title: '我的会话', orgPanel: false },
  },
  {
    path: 'notifications',
    name: 'notifications',
    component: () => import('@/views/me/NotificationsPage.vue'),
    meta: { title: '我的消息', orgPanel: false },
  },
  {
    path: 'admin/users',
    name: 'admin-users',
    component: () => import('@/views/admin/Users.vue'),
    meta: { title: '用户管理', permission: 'user:read' },
  },
  {
    path: 'admin/roles',
    name: 'admin-roles',
    component: () => import('@/views/admin/Roles.vue'),
    meta: { title: '角色与权限', permission: 'role:read', orgPanel: false },
  },
  {
    path: 'admin/policy',
    name: 'admin-policy',
    component: () => import('@/views/admin/Policy.vue'),
    meta: { title: '安全策略', permission: 'policy:read', orgPanel: false },
  },
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('@/views/admin/AuditLog.vue'),
    meta: { title: '审计日志', permission: 'audit:read', orgPanel: false },
  },
  {
    path: 'admin/login-log',
    name: 'admin-login-log',
    component: () => import('@/views/admin/LoginLog.vue'),
    meta: { title: '登录日志', permission: 'login_log:read', orgPanel: false },
  },
  {
    path: 'forbidden',
    name: 'forbidden',
    component: () => import('@/views/errors/Forbidden.vue'),
    meta: { title: '无权访问', orgPanel: false },
  },
]

export const coreMenu: MenuItem[] = [
  { path: '/', title: '首页', icon: 'HomeFilled', order: 0 },
  {
    path: '/admin',
    title: '系统管理',
    icon: 'Setting',
    order: 900,
    children: [
      { path: '/admin/users', title: '用户管理', icon: 'User', permission: 'user:read', order: 10 },
      { path: '/admin/roles', title: '角色与权限', icon: 'Key', permission: 'role:read', order: 20 },
      { path: '/admin/policy', title: '安全策略', icon: 'Lock', permission: 'policy:read', order: 30 },
      { path: '/admin/audit', title: '审计日志', icon: 'Document', permission: 'audit:read', order: 40 },
      { path: '/admin/login-log', title: '登录日志', icon: 'Tickets', permission: 'login_log:read', order: 50 },
    ],
  },
  {
    path: '/me-group',
    title: '个人中心',
    icon: 'UserFilled',
    order: 1000,
    children: [
      { path: '/me', title: '我的信息', icon: 'Postcard', order: 10 },
      { path: '/me/sessions', title: '我的会话', icon: 'Monitor', order: 20 },
      { path: '/notifications', title: '我的消息', icon: 'Bell', order: 30 },
    ],
  },
]
