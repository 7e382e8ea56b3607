import { computed, ref } from 'vue'
import { api, ApiError } from '@/api/http'
import type { OrgNode } from '@/api/types'
import { useOrgSelection } from '@/stores/orgSelection'
import { useSession } from '@/stores/session'

// Shared by every caller: the organisation tree for pickers and for naming
// org ids in tables. Loaded once (the layout panel loads the same tree).
const state = {
  loading: ref(false),
  unavailable: ref(false),
  error: ref<string | null>(null),
}
let inflight: Promise<void> | null = null

export function useOrgOptions() {
  const sel = useOrgSelection()
  const session = useSession()

  function ensure(): Promise<void> {
    if (sel.tree.length) return Promise.resolve()
    // Account administrators (user:read without org:read) get the same tree
    // through the route meant for them.
    const url = session.can('org:read')
      ? '/api/v1/orgs/tree'
      : session.can('user:read')
        ? '/api/v1/orgs/account-tree'
        : null
    if (!url) {
      state.unavailable.value = true
      return Promise.resolve()
    }
    if (inflight) return inflight
    state.loading.value = true
    inflight = api
      .get<{ items: OrgNode[] }>(url)
      .then((r) => {
        sel.setTree(r.items)
        state.error.value = null
      })
      .catch((e) => {
        if (e instanceof ApiError && (e.status === 403 || e.status === 404)) state.unavailable.value = true
        else state.error.value = e instanceof ApiError ? e.message : '组织树加载失败。'
      })
      .finally(() => {
        state.loading.value = false
        inflight = null
      })
    return inflight
  }

  const byId = computed(() => {
    const m = new Map<number, OrgNode>()
    const stack = [...sel.tree]
    while (stack.length) {
      const n = stack.pop()!
      m.set(n.id, n)
      if (n.children) stack.push(...n.children)
    }
    return m
  })
  function orgName(id: number | null | undefined): string {
    if (id === null || id === undefined) return '—'
    const own = session.me?.org
    return byId.value.get(id)?.name ?? (own && own.id === id ? own.name : `组织编号 ${id}`)
  }

  return {
    tree: computed(() => sel.tree),
    loading: state.loading,
    unavailable: state.unavailable,
    error: state.error,
    ensure,
    orgName,
    byId,
  }
}
