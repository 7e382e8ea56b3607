import { computed, onMounted, reactive, watch } from 'vue'
import type { Query } from '@/api/http'
import { usePagedList } from './usePagedList'

/**
 * A usePagedList driven by a filter form (the log viewers): `filters` start
 * as `blank()`, `query()` is what the server and the export get, the fields
 * in `instant` (selects, date ranges) search as soon as they change, the text
 * fields wait for 查询. Loads on mount.
 */
export function useFilteredList<T, F extends object>(
  url: string,
  blank: () => F,
  toQuery: (f: F) => Query,
  instant: (keyof F)[],
) {
  const filters = reactive(blank()) as F
  const query = () => toQuery(filters)
  const list = usePagedList<T>(url, query)
  onMounted(list.load)
  watch(() => instant.map((k) => filters[k]), () => list.search())
  const hasFilter = computed(() => Object.values(query()).some((v) => v !== '' && v !== undefined))
  /** 清空条件: blank filters, back to page 1. */
  function reset() {
    Object.assign(filters, blank())
    list.search()
  }
  return { filters, query, list, hasFilter, reset }
}
