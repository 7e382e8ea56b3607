// The side menu. Every module adds its entries by exporting `menu` from
// src/modules/<name>/routes.ts; the core pages add theirs below.

export interface MenuItem {
  /** Absolute route path, e.g. '/orgs'. For a group, any unique key such as '/admin'. */
  path: string
  /** Chinese label. */
  title: string
  /** Name of an @element-plus/icons-vue icon, e.g. 'OfficeBuilding'. */
  icon?: string
  /** Shown only to users holding this permission. */
  permission?: string
  /** Position among siblings, ascending. */
  order: number
  children?: MenuItem[]
}

/** Entries the user may use: permission held, and groups with at least one visible child. */
export function visibleMenu(items: MenuItem[], can: (permission?: string) => boolean): MenuItem[] {
  const out: MenuItem[] = []
  for (const item of [...items].sort((a, b) => a.order - b.order)) {
    if (!can(item.permission)) continue
    if (item.children && item.children.length) {
      const kids = visibleMenu(item.children, can)
      if (kids.length === 0) continue
      out.push({ ...item, children: kids })
    } else if (!item.children) {
      out.push(item)
    }
  }
  return out
}

/** Merges entries with the same path (so two modules can add to one group). */
export function mergeMenus(lists: MenuItem[][]): MenuItem[] {
  const byPath = new Map<string, MenuItem>()
  for (const list of lists) {
    for (const item of list) {
      const prev = byPath.get(item.path)
      if (prev && prev.children && item.children) {
        byPath.set(item.path, { ...prev, children: mergeMenus([prev.children, item.children]) })
      } else if (!prev) {
        byPath.set(item.path, { ...item, children: item.children ? [...item.children] : undefined })
      }
    }
  }
  return [...byPath.values()]
}
