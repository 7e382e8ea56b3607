import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { OrgNode } from '@/api/types'

/**
 * The organisation picked in the layout's tree panel (OrgTreePanel.vue).
 * Pages watch `selectedOrgId` and filter by it; null means "everything I may see".
 */
export const useOrgSelection = defineStore('orgSelection', () => {
  const selectedOrgId = ref<number | null>(null)
  const selectedOrg = ref<OrgNode | null>(null)
  /** The visible forest from GET /api/v1/orgs/tree, once loaded by the panel. */
  const tree = ref<OrgNode[]>([])
  /** Whether the tree panel is shown (the user has org:read and has not hidden it). */
  const panelVisible = ref(true)

  function select(org: OrgNode | null): void {
    selectedOrg.value = org
    selectedOrgId.value = org ? org.id : null
  }
  function selectId(id: number | null): void {
    selectedOrgId.value = id
    selectedOrg.value = id === null ? null : findOrg(id)
  }
  function findOrg(id: number): OrgNode | null {
    const stack = [...tree.value]
    while (stack.length) {
      const n = stack.pop()!
      if (n.id === id) return n
      if (n.children) stack.push(...n.children)
    }
    return null
  }
  function setTree(items: OrgNode[]): void {
    tree.value = items
    if (selectedOrgId.value !== null) selectedOrg.value = findOrg(selectedOrgId.value)
  }
  function clear(): void {
    selectedOrgId.value = null
    selectedOrg.value = null
    tree.value = []
  }

  return { selectedOrgId, selectedOrg, tree, panelVisible, select, selectId, findOrg, setTree, clear }
})
