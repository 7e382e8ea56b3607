// Shapes of the identity API (src/core/identity/*.cpp).

export type Stage = 'full' | 'change_password' | 'totp' | 'totp_enrol'

export interface User {
  id: number
  username: string
  display_name: string
  org_id: number
  /** Masked: 138****5678 */
  phone: string
  status: 'active' | 'disabled'
  locked: boolean
  locked_until_ms: number
  must_change_password: boolean
  totp_enabled: boolean
  password_changed_at_ms: number
  created_at_ms: number
  roles?: RoleBinding[]
}

export interface OrgRef {
  id: number
  name: string
  code: string
}

export interface Me {
  user: User
  stage: Stage
  csrf_token: string
  permissions: string[]
  roles: string[]
  org?: OrgRef
}

export interface LoginReply {
  stage: Stage
  csrf_token: string
  user: User
}

export type ScopeKind = 'all' | 'subtree' | 'org' | 'self' | 'custom' | 'guided'

export interface RoleBinding {
  role_id: number
  code?: string
  name?: string
  scope: ScopeKind
  anchor_org_id?: number | null
  org_ids: number[]
}

export interface Role {
  id: number
  code: string
  name: string
  description: string
  builtin: boolean
  admin_kind: '' | 'system' | 'security' | 'audit'
  require_totp: boolean
  permissions: string[]
  user_count: number
}

export interface Permission {
  name: string
  label: string
  group: string
  sensitive: boolean
  admin_only: boolean
}

export interface Policy {
  min_length: number
  min_classes: number
  expire_days: number
  history: number
  max_failures: number
  lock_minutes: number
  ip_max_failures: number
  ip_window_minutes: number
  idle_minutes: number
  absolute_hours: number
}

export interface SessionInfo {
  id: number
  created_at_ms: number
  last_seen_at_ms: number
  ip: string
  user_agent: string
  current: boolean
}

export interface AuditRow {
  id: number
  at: string
  at_ms: number
  user_id: number
  username: string
  ip: string
  user_agent: string
  request_id: string
  action: string
  entity: string
  entity_id: string
  org_id: number | null
  detail: unknown
  outcome: string
  reason: string
}

export interface LoginRow {
  id: number
  at: string
  at_ms: number
  user_id: number
  username: string
  ip: string
  user_agent: string
  success: boolean
  reason: string
}

export interface OrgNode {
  id: number
  parent_id: number | null
  path: string
  depth: number
  name: string
  code: string
  type: string
  department: string
  secretary: string
  contact_zone: string
  status: string
  sort_order: number
  child_count: number
  children?: OrgNode[]
}
