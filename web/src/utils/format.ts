// Display helpers: dates, browsers, and the Chinese names of codes.
import type { ScopeKind } from '@/api/types'

const pad = (n: number) => String(n).padStart(2, '0')

/** 2025-03-08 14:05 (local time). */
export function formatTime(ms: number | null | undefined, seconds = false): string {
  if (!ms) return '—'
  const d = new Date(ms)
  const s = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return seconds ? `${s}:${pad(d.getSeconds())}` : s
}
export function formatDate(ms: number | null | undefined): string {
  if (!ms) return '—'
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
/** The server's own local time text ("2025-03-08T14:05:09+08:00") as 2025-03-08 14:05:09. */
export function serverTime(at: string | null | undefined): string {
  if (!at) return '—'
  return at.replace('T', ' ').slice(0, 19)
}
/** 刚刚 / 5 分钟前 / 3 小时前 / the date. */
export function fromNow(ms: number | null | undefined): string {
  if (!ms) return '—'
  const diff = Date.now() - ms
  if (diff < 60_000) return '刚刚'
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} 分钟前`
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)} 小时前`
  if (diff < 7 * 86_400_000) return `${Math.floor(diff / 86_400_000)} 天前`
  return formatTime(ms)
}

/** "Chrome 120 · Windows" from a User-Agent string. */
export function describeAgent(ua: string | null | undefined): string {
  if (!ua) return '未知设备'
  const browser =
    /Edg\/(\d+)/.exec(ua)?.[1] !== undefined
      ? `Edge ${/Edg\/(\d+)/.exec(ua)![1]}`
      : /MicroMessenger\/([\d.]+)/.test(ua)
        ? '微信'
        : /QQBrowser\/(\d+)/.test(ua)
          ? 'QQ 浏览器'
          : /360SE|360EE/.test(ua)
            ? '360 浏览器'
            : /Firefox\/(\d+)/.test(ua)
              ? `Firefox ${/Firefox\/(\d+)/.exec(ua)![1]}`
              : /Chrome\/(\d+)/.test(ua)
                ? `Chrome ${/Chrome\/(\d+)/.exec(ua)![1]}`
                : /Version\/(\d+).*Safari/.test(ua)
                  ? `Safari ${/Version\/(\d+)/.exec(ua)![1]}`
                  : /curl\//.test(ua)
                    ? 'curl'
                    : '其他浏览器'
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad|iPod/.test(ua)
        ? 'iOS'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /HarmonyOS/.test(ua)
            ? '鸿蒙'
            : /Linux/.test(ua)
              ? 'Linux'
              : ''
  return os ? `${browser} · ${os}` : browser
}

export const SCOPE_LABELS: Record<ScopeKind, string> = {
  all: '全部',
  subtree: '本组织及以下',
  org: '本组织',
  self: '仅本人',
  custom: '自定义',
  guided: '上级工委指导',
}
export const SCOPE_HINTS: Record<ScopeKind, string> = {
  all: '可查看和管理全部党组织的数据',
  subtree: '指定组织及其下属全部组织',
  org: '仅指定的这一个组织',
  self: '仅与本人有关的数据',
  custom: '逐个勾选的若干组织',
  guided: '指定工委及其指导的下级工委',
}
/** Scopes that need an organisation (anchor), and the one that needs a list. */
export const SCOPES_WITH_ANCHOR: ScopeKind[] = ['subtree', 'org', 'guided']

export const ADMIN_KIND_LABELS: Record<string, string> = {
  system: '系统管理员',
  security: '安全管理员',
  audit: '审计管理员',
}

/** Known role codes, for when only a code is at hand (GET /auth/me gives codes). */
export const ROLE_NAMES: Record<string, string> = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
  committee_admin: '工委组织部管理员',
  party_committee: '机关党委专职副书记',
  branch_secretary: '党支部书记',
  member: '党员',
}

export const OUTCOME_LABELS: Record<string, string> = {
  success: '成功',
  failure: '失败',
  denied: '被拒绝',
}

export const LOGIN_REASON_LABELS: Record<string, string> = {
  ok: '登录成功',
  ok_change_password: '密码正确，待修改密码',
  ok_totp: '密码正确，待两步验证',
  ok_totp_enrol: '密码正确，待绑定验证器',
  totp_ok: '两步验证通过',
  totp_failed: '验证码错误',
  wrong_password: '密码错误',
  wrong_password_locked: '密码错误，账号被锁定',
  unknown_user: '用户名不存在',
  locked: '账号锁定中',
  disabled: '账号已停用',
  ip_rate_limited: '该地址失败过多被拒绝',
}

export const ACTION_LABELS: Record<string, string> = {
  'auth.logout': '退出登录',
  'auth.change_password': '修改本人密码',
  'auth.totp_enrol': '获取验证器密钥',
  'auth.totp_activate': '启用两步验证',
  'auth.totp_verify': '两步验证',
  'auth.end_session': '结束本人会话',
  'auth.lockout': '连续失败自动锁定',
  'user.create': '新建用户',
  'user.create_admin': '命令行创建管理员',
  'user.update': '修改用户',
  'user.lock': '锁定账号',
  'user.unlock': '解锁账号',
  'user.reset_password': '重置密码',
  'user.force_logout': '强制下线',
  'user.reset_totp': '重置两步验证',
  'user.assign_roles': '分配角色与数据范围',
  'user.export': '导出用户',
  'role.create': '新建角色',
  'role.update': '修改角色',
  'role.delete': '删除角色',
  'policy.update': '修改安全策略',
  'audit.export': '导出审计日志',
  'audit.archive': '归档审计日志',
  'login_log.export': '导出登录日志',
  'keys.rotate': '轮换加密密钥',
  'org.create': '新建组织',
  'org.update': '修改组织',
  'org.move': '调整隶属关系',
  'org.dissolve': '撤销组织',
  'org.import': '导入组织',
  'org.import_upload': '上传组织导入文件',
  'org.export': '导出组织',
  'org.demo_seed': '写入演示组织',
  'org_type.create': '新增组织类型',
  'member.create': '新增党员',
  'member.update': '编辑党员',
  'member.reveal': '查看完整个人信息',
  'member.transfer': '组织关系转接',
  'member.import': '导入党员',
  'member.export': '导出党员名册',
  'member.demo_seed': '写入演示党员',
  'target.plan.create': '新建目标计划',
  'target.plan.update': '修改目标计划',
  'target.plan.issue': '下达目标计划',
  'target.plan.close': '关闭目标计划',
  'target.plan.attach': '上传计划附件',
  'target.plan.detach': '删除计划附件',
  'target.plan.export': '导出目标分解表',
  'target.item.create': '新增分解事项',
  'target.item.update': '修改分解事项',
  'target.item.reassign': '调整责任人',
  'target.item.split': '拆分事项',
  'target.item.delete': '删除分解事项',
  'target.milestone.create': '新增时序节点',
  'target.milestone.update': '修改时序节点',
  'target.milestone.delete': '删除时序节点',
  'target.file.upload': '上传佐证材料',
  'target.report.submit': '报告进度',
  'target.report.accept': '审核通过进度报告',
  'target.report.return': '退回进度报告',
  'target.inspection.create': '记录督查',
  'target.stats.export': '导出完成情况统计',
  'target.demo_seed': '写入演示目标任务',
  'notification.read': '标记消息已读',
  'notification.read_all': '全部消息标记已读',
}
/** Filter choices for the audit viewer (prefix match on the server). */
export const ACTION_GROUPS: Array<{ value: string; label: string }> = [
  { value: 'auth.', label: '登录与账号安全' },
  { value: 'user.', label: '用户管理' },
  { value: 'role.', label: '角色管理' },
  { value: 'policy.', label: '安全策略' },
  { value: 'audit.', label: '审计日志' },
  { value: 'login_log.', label: '登录日志' },
  { value: 'org.', label: '组织管理' },
  { value: 'member.', label: '党员管理' },
  { value: 'target.', label: '目标任务' },
  { value: 'notification.', label: '站内消息' },
  { value: 'keys.', label: '密钥' },
]
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action
}
