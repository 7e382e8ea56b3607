import { reactive, ref, shallowRef } from 'vue'
import { api, errorMessage, type Page, type Query } from '@/api/http'

/**
 * A server-paged list: `rows`, `total`, `loading`, `error`, `page`, `pageSize`
 * and `load()`. `query()` returns the current filters; a newer load wins over
 * a slower older one.
 */
export function usePagedList<T>(url: string, query: () => Query, pageSize = 20) {
  const rows = shallowRef<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const paging = reactive({ page: 1, pageSize })
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const r = await api.get<Page<T>>(url, { ...query(), page: paging.page, page_size: paging.pageSize })
      if (mine !== seq) return
      rows.value = r.items
      total.value = r.total
      // The page emptied (rows removed elsewhere): go back one.
      if (r.items.length === 0 && r.total > 0 && paging.page > 1) {
        paging.page = Math.max(1, Math.ceil(r.total / paging.pageSize))
        return load()
      }
    } catch (e) {
      if (mine !== seq) return
      error.value = errorMessage(e, '加载失败，请稍后重试。')
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  /** Back to page 1 and load (after a filter changed). */
  function search() {
    paging.page = 1
    return load()
  }
  return { rows, total, loading, error, paging, load, search }
}

export type PagedList<T> = ReturnType<typeof usePagedList<T>>
