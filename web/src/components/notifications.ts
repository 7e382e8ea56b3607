// 站内消息 (core notifications, /api/v1/notifications): the bell in the
// header and 我的消息 (/notifications).
import { api, type Page, type Query } from '@/api/http'

export interface Notice {
  id: number
  kind: string
  title: string
  body: string
  link: string
  read?: boolean
  read_at_ms?: number | null
  created_at_ms: number
}

export function isUnread(n: Notice): boolean {
  if (typeof n.read === 'boolean') return !n.read
  return !n.read_at_ms
}

export const notifyApi = {
  list: (q: Query) => api.get<Page<Notice>>('/api/v1/notifications', q),
  async unreadCount(): Promise<number> {
    const r = await api.get<{ count?: number; unread?: number; unread_count?: number } | number>(
      '/api/v1/notifications/unread-count',
    )
    if (typeof r === 'number') return r
    return Number(r?.count ?? r?.unread ?? r?.unread_count ?? 0) || 0
  },
  read: (id: number) => api.post(`/api/v1/notifications/${id}/read`),
  readAll: () => api.post('/api/v1/notifications/read-all'),
}

/** Listeners told when notices were read elsewhere (the page and the bell keep in step). */
const listeners = new Set<() => void>()
export function onNoticesChanged(fn: () => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}
export function noticesChanged(): void {
  for (const fn of listeners) fn()
}
