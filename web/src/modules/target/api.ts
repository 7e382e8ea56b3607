// 目标任务 API (docs/targets.md, src/modules/target/routes_*.cpp) as typed calls.
import { api, ApiError, apiUrl, readCookie, type Page, type Query } from '@/api/http'

const B = '/api/v1/targets'

export interface TargetFile {
  id: number
  name: string
  size: number
  mime: string
  url: string
}

export type PlanStatus = 'draft' | 'issued' | 'closed'

export interface Plan {
  id: number
  org_id: number
  org_name: string
  year: number
  title: string
  tags: string[]
  description: string
  start_date: string
  end_date: string
  status: PlanStatus
  status_label: string
  progress: number
  item_count: number
  milestone_count: number
  overdue: number
  created_by_name: string
  issued_at_ms: number | null
  closed_at_ms: number | null
  can_manage: boolean
  attachments?: TargetFile[]
}

export interface PlanInput {
  org_id?: number | null
  year?: number
  title?: string
  tags?: string[]
  description?: string
  start_date?: string
  end_date?: string
}

export type MilestoneState = 'open' | 'submitted' | 'returned' | 'done'

export interface Report {
  id: number
  milestone_id: number
  body: string
  percent: number | null
  done: boolean
  status: 'submitted' | 'accepted' | 'returned'
  status_label: string
  review_reason: string
  reviewer_name: string
  reviewed_at_ms: number | null
  reporter_name: string
  submitted_date: string
  submitted_at_ms: number
  files: TargetFile[]
  /** Present on the review list (GET /reports). */
  milestone?: Milestone
  milestone_title?: string
  plan_title?: string
  item_title?: string
  org_name?: string
  due_date?: string
}

export interface Milestone {
  id: number
  kind: 'milestone' | 'rectification'
  plan_id: number | null
  plan_title: string
  item_id: number | null
  item_title: string
  inspection_id: number | null
  title: string
  due_date: string
  org_id: number
  org_name: string
  owner_user_id: number
  owner_name: string
  state: MilestoneState
  state_label: string
  progress: number
  done_date: string | null
  overdue: boolean
  due_soon: boolean
  days_left: number
  on_time: boolean | null
  reports?: Report[]
}

export interface TreeNode {
  id: number
  parent_id: number | null
  depth: number
  title: string
  criteria: string
  weight: number
  share: number
  org_id: number
  org_name: string
  owner_user_id: number
  owner_name: string
  progress: number
  overdue: number
  has_children: boolean
  milestones: Milestone[]
  children?: TreeNode[]
}

export interface WeightWarning {
  parent_id: number | null
  sum: number
}

export interface PlanTree {
  plan: Plan
  items: TreeNode[]
  weight_warnings: WeightWarning[]
}

export interface HistoryEntry {
  id: number
  action: string
  action_label?: string
  before?: unknown
  after?: unknown
  reason?: string
  by_name?: string
  actor_name?: string
  at_ms?: number
  created_at_ms?: number
}

export interface ItemDetail extends TreeNode {
  plan_id: number
  plan_title?: string
  children: TreeNode[]
  history: HistoryEntry[]
}

export interface Assignee {
  id: number
  display_name?: string
  name?: string
  username?: string
  org_id?: number
  org_name?: string
}

export interface TodoCounts {
  total?: number
  overdue?: number
  due_soon?: number
  returned?: number
  submitted?: number
  [k: string]: number | undefined
}

export interface Todo {
  items: Milestone[]
  counts: TodoCounts
  reviews_pending: number
}

export interface StatsRow {
  org_id: number | null
  org_name: string
  has_children: boolean
  /** false: the organisation's own rows (drill down with subtree=0). */
  subtree?: boolean
  items: number
  milestones: number
  done: number
  on_time: number
  overdue: number
  completion_rate: number | null
  on_time_rate: number | null
}

export interface StatsReply {
  org_id?: number | null
  org_name?: string
  plan_id?: number | null
  /** Each child's subtree, then the organisation's own row (subtree = false). */
  rows: StatsRow[]
  total: StatsRow | null
}

export interface Inspection {
  id: number
  org_id: number
  org_name: string
  item_id: number | null
  item_title?: string
  plan_id?: number | null
  plan_title?: string
  inspected_on: string
  findings: string
  inspector_name?: string
  created_at_ms?: number
  rectification_count?: number
  rectifications_done?: number
  rectifications?: Milestone[]
}

export interface InspectionInput {
  org_id: number | null
  item_id?: number | null
  inspected_on: string
  findings: string
  rectifications: { title: string; owner_user_id: number | null; due_date: string }[]
}

/** A reply that is a list may come as a bare array or as {items}. */
export function listOf<T>(r: unknown, ...keys: string[]): T[] {
  if (Array.isArray(r)) return r as T[]
  if (r && typeof r === 'object') {
    for (const k of ['items', ...keys]) {
      const v = (r as Record<string, unknown>)[k]
      if (Array.isArray(v)) return v as T[]
    }
  }
  return []
}

export const targetApi = {
  plans: (q: Query) => api.get<Page<Plan>>(`${B}/plans`, q),
  plan: (id: number) => api.get<Plan>(`${B}/plans/${id}`),
  createPlan: (body: PlanInput) => api.post<Plan>(`${B}/plans`, body),
  updatePlan: (id: number, body: PlanInput) => api.patch<Plan>(`${B}/plans/${id}`, body),
  issuePlan: (id: number) => api.post<Plan>(`${B}/plans/${id}/issue`),
  closePlan: (id: number) => api.post<Plan>(`${B}/plans/${id}/close`),
  deleteAttachment: (id: number, fileId: number) => api.del(`${B}/plans/${id}/attachments/${fileId}`),
  tree: (id: number) => api.get<PlanTree>(`${B}/plans/${id}/tree`),
  /** {plan, start_date, end_date, today, items: nodes with their milestones}. */
  timeline: (id: number) =>
    api.get<{ plan: Plan; start_date: string; end_date: string; today: string; items: TreeNode[] }>(`${B}/plans/${id}/timeline`),
  addItem: (planId: number, body: Record<string, unknown>) => api.post<TreeNode>(`${B}/plans/${planId}/items`, body),
  item: (id: number) => api.get<ItemDetail>(`${B}/items/${id}`),
  updateItem: (id: number, body: Record<string, unknown>) => api.patch<TreeNode>(`${B}/items/${id}`, body),
  reassign: (id: number, body: { org_id: number; owner_user_id: number; reason: string }) =>
    api.post(`${B}/items/${id}/reassign`, body),
  split: (id: number, parts: Record<string, unknown>[]) => api.post(`${B}/items/${id}/split`, { parts }),
  deleteItem: (id: number) => api.del(`${B}/items/${id}`),
  addMilestone: (itemId: number, body: { title: string; due_date: string }) =>
    api.post<Milestone>(`${B}/items/${itemId}/milestones`, body),
  updateMilestone: (id: number, body: { title?: string; due_date?: string }) =>
    api.patch<Milestone>(`${B}/milestones/${id}`, body),
  deleteMilestone: (id: number) => api.del(`${B}/milestones/${id}`),
  milestone: (id: number) => api.get<Milestone>(`${B}/milestones/${id}`),
  milestones: (q: Query) => api.get<Page<Milestone>>(`${B}/milestones`, q),
  assignees: (orgId: number, q = '') => api.get<unknown>(`${B}/orgs/${orgId}/assignees`, { q }),
  todo: (state = '') => api.get<Todo>(`${B}/my/todo`, { state }),
  myMilestone: (id: number) => api.get<Milestone>(`${B}/my/milestones/${id}`),
  report: (id: number, body: { body: string; percent?: number; done?: boolean; file_ids: number[] }) =>
    api.post<Report>(`${B}/my/milestones/${id}/reports`, body),
  reports: (q: Query) => api.get<Page<Report>>(`${B}/reports`, q),
  accept: (id: number) => api.post(`${B}/reports/${id}/accept`),
  returnReport: (id: number, reason: string) => api.post(`${B}/reports/${id}/return`, { reason }),
  stats: (q: Query) => api.get<StatsReply>(`${B}/stats`, q),
  inspections: (q: Query) => api.get<Page<Inspection>>(`${B}/inspections`, q),
  inspection: (id: number) => api.get<Inspection>(`${B}/inspections/${id}`),
  createInspection: (body: InspectionInput) => api.post<Inspection>(`${B}/inspections`, body),
}

export const TARGET_BASE = B

export const TAG_OPTIONS = ['五大工程', '创先争优', '三解三促', '作风建设', '模范机关', '党建品牌', '基层组织建设', '意识形态']

export const EVIDENCE_ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et'

/** Element Plus tag type and label of a milestone's situation (逾期 first). */
export function milestoneTag(m: Pick<Milestone, 'state' | 'state_label' | 'overdue' | 'due_soon'>): {
  type: 'success' | 'danger' | 'warning' | 'info' | 'primary'
  label: string
} {
  if (m.state === 'done') return { type: 'success', label: '已完成' }
  if (m.overdue) return { type: 'danger', label: '已逾期' }
  if (m.state === 'returned') return { type: 'warning', label: '已退回' }
  if (m.state === 'submitted') return { type: 'primary', label: '待审核' }
  if (m.due_soon) return { type: 'warning', label: '即将到期' }
  return { type: 'info', label: m.state_label || '未报告' }
}

export function dueText(m: Pick<Milestone, 'state' | 'days_left' | 'due_date' | 'done_date'>): string {
  if (m.state === 'done') return m.done_date ? `${m.done_date} 完成` : '已完成'
  const d = m.days_left
  if (d === undefined || d === null) return `${m.due_date} 到期`
  if (d < 0) return `已逾期 ${-d} 天`
  if (d === 0) return '今天到期'
  return `还剩 ${d} 天`
}

export function planStatusType(s: PlanStatus): 'info' | 'success' | 'warning' {
  return s === 'issued' ? 'success' : s === 'closed' ? 'info' : 'warning'
}

export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—'
  return `${Math.round(v * 10) / 10}%`
}

export function personName(a: Assignee): string {
  return a.display_name || a.name || a.username || `用户 ${a.id}`
}

/** Today in Beijing as YYYY-MM-DD. */
export function todayBeijing(): string {
  const d = new Date(Date.now() + 8 * 3600_000)
  return d.toISOString().slice(0, 10)
}

/**
 * POSTs one file as the raw body with upload progress (fetch has none):
 * `onProgress(0..100)`. Errors become ApiError with the server's Chinese message.
 */
export function uploadWithProgress<T>(
  path: string,
  file: File,
  query: Query,
  onProgress: (percent: number) => void,
): { promise: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest()
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', apiUrl(path, query))
    xhr.withCredentials = true
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream')
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name))
    xhr.setRequestHeader('Accept', 'application/json')
    const csrf = readCookie('dj_csrf')
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)))
    }
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string; field?: string } } | null = null
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100)
        resolve(body as T)
        return
      }
      const e = body?.error
      const fallback =
        xhr.status === 413
          ? '文件太大，单个文件不能超过 20 MB。'
          : xhr.status === 415
            ? '不支持此文件类型，请上传图片、PDF 或 Office 文档。'
            : xhr.status === 401
              ? '登录已失效，请重新登录。'
              : '上传失败，请稍后重试。'
      const msg = typeof e?.message === 'string' && e.message && !/^[[{]/.test(e.message.trim()) ? e.message : fallback
      reject(new ApiError(xhr.status, e?.code || `http_${xhr.status}`, msg, e?.field))
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', '无法连接服务器，请检查网络后重试。'))
    xhr.onabort = () => reject(new ApiError(0, 'aborted', '已取消上传。'))
    xhr.send(file)
  })
  return { promise, abort: () => xhr.abort() }
}
