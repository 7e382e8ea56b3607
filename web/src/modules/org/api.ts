// The organisation API (src/modules/org/routes_*.cpp) as typed calls.
import { api, type Page } from '@/api/http'
import type { OrgNode } from '@/api/types'

export type { OrgNode }

export const ORG_STATUS_LABEL: Record<string, string> = { active: '正常', dissolved: '已撤销' }

export interface OrgCrumb {
  id: number
  name: string
  code: string
  type: string
  /** False for ancestors outside the caller's scope (shown, not linked). */
  in_scope: boolean
}

export interface OrgDependent {
  key: string // "members"
  label: string // "党员"
  unit: string // "名"
  count: number // rows directly in this organisation (not its subtree)
  movable: boolean
}

export interface OrgDetails extends OrgNode {
  ancestors: OrgCrumb[]
  /** Active organisations below this one (whole subtree). */
  descendant_count: number
  dependents: OrgDependent[]
}

export interface OrgType {
  code: string
  name: string
  sort_order: number
  org_count: number
}

export interface OrgInput {
  parent_id?: number
  name?: string
  code?: string
  type?: string
  department?: string
  secretary?: string
  contact_zone?: string
  sort_order?: number
}

export interface DissolveReply extends OrgNode {
  /** What moved to `move_to`, by dependent key: { members: 12 }. */
  moved: Record<string, number>
}

export interface OrgListQuery {
  q?: string
  type?: string
  status?: '' | 'active' | 'dissolved'
  root_id?: number | null
  page?: number
  page_size?: number
}

export const orgApi = {
  tree: (includeDissolved = false) =>
    api.get<{ items: OrgNode[]; total: number }>('/api/v1/orgs/tree', { include_dissolved: includeDissolved ? 1 : undefined }),
  list: (q: OrgListQuery) => api.get<Page<OrgNode>>('/api/v1/orgs', { ...q }),
  get: (id: number) => api.get<OrgDetails>(`/api/v1/orgs/${id}`),
  create: (body: OrgInput) => api.post<OrgNode>('/api/v1/orgs', body),
  update: (id: number, body: OrgInput) => api.patch<OrgNode>(`/api/v1/orgs/${id}`, body),
  move: (id: number, parentId: number) => api.post<OrgNode>(`/api/v1/orgs/${id}/move`, { parent_id: parentId }),
  dissolve: (id: number, moveTo?: number | null) =>
    api.post<DissolveReply>(`/api/v1/orgs/${id}/dissolve`, moveTo ? { move_to: moveTo } : {}),
  types: () => api.get<{ items: OrgType[] }>('/api/v1/org-types'),
  createType: (body: { code: string; name: string; sort_order?: number }) => api.post<OrgType>('/api/v1/org-types', body),
}

export const ORG_EXPORT_URL = '/api/v1/orgs/export'
export const ORG_TEMPLATE_URL = '/api/v1/orgs/import-template'
export const ORG_IMPORT_URL = '/api/v1/orgs/import'

/** Depth-first walk over a forest. */
export function walkTree(nodes: OrgNode[], fn: (n: OrgNode, parent: OrgNode | null) => void, parent: OrgNode | null = null): void {
  for (const n of nodes) {
    fn(n, parent)
    if (n.children?.length) walkTree(n.children, fn, n)
  }
}

/** Ids of `id` and everything below it in the forest. */
export function subtreeIds(nodes: OrgNode[], id: number): Set<number> {
  const out = new Set<number>()
  let root: OrgNode | null = null
  walkTree(nodes, (n) => {
    if (n.id === id) root = n
  })
  if (root) walkTree([root], (n) => out.add(n.id))
  return out
}
