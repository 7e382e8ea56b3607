// The caller's visible organisation forest, shared with the layout's tree
// panel through useOrgSelection (one request for both; a change made here
// refreshes the panel too).
import { computed, ref } from 'vue'
import { errorMessage } from '@/api/http'
import { useOrgSelection } from '@/stores/orgSelection'
import { useSession } from '@/stores/session'
import { orgApi, walkTree, type OrgNode } from './api'

const loading = ref(false)
const error = ref<string | null>(null)
let inflight: Promise<void> | null = null

export function useOrgTree() {
  const selection = useOrgSelection()
  const tree = computed(() => selection.tree)

  /** Loads the forest unless it is there already (`force` reloads). */
  function load(force = false): Promise<void> {
    // Without org:read the server refuses the tree: nothing to pick from.
    if (!useSession().can('org:read')) return Promise.resolve()
    if (!force && selection.tree.length) return Promise.resolve()
    if (inflight) return inflight
    loading.value = true
    error.value = null
    inflight = orgApi
      .tree()
      .then((r) => selection.setTree(r.items))
      .catch((e) => {
        error.value = errorMessage(e, '组织树加载失败，请稍后重试。')
      })
      .finally(() => {
        loading.value = false
        inflight = null
      })
    return inflight
  }

  /** id → node, over the loaded forest. */
  const byId = computed(() => {
    const m = new Map<number, OrgNode>()
    walkTree(selection.tree, (n) => m.set(n.id, n))
    return m
  })

  function nameOf(id: number | null | undefined): string {
    if (id === null || id === undefined) return ''
    return byId.value.get(id)?.name ?? ''
  }

  /**
   * The name with its superior's when names repeat across departments
   * ("市政府办公室机关党委 › 综合处党支部"); the root's name alone.
   */
  function labelOf(id: number | null | undefined): string {
    if (id === null || id === undefined) return ''
    const n = byId.value.get(id)
    if (!n) return ''
    const p = n.parent_id !== null ? byId.value.get(n.parent_id) : undefined
    return p && p.parent_id !== null ? `${p.name} › ${n.name}` : n.name
  }

  return { tree, loading, error, load, byId, nameOf, labelOf }
}
