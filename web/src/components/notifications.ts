// 站内消息 (core notifications, /api/v1/notifications): the bell in the
// header and 我的消息 (/notifications).
import type { Router } from 'vue-router'
import { api, errorMessage, type Page, type Query } from '@/api/http'

export interface Notice {
  id: number
  kind: string
  title: string
  body: string
  link: string
  read: boolean
  created_at_ms: number
}

export function isUnread(n: Notice): boolean {
  return !n.read
}

export const notifyApi = {
  list: (q: Query) => api.get<Page<Notice>>('/api/v1/notifications', q),
  async unreadCount(): Promise<number> {
    return (await api.get<{ unread: number }>('/api/v1/notifications/unread-count')).unread
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

/** Marks an unread notice read (a failure does not stop it opening), then opens its link inside the app. */
export async function openNotice(n: Notice, router: Router): Promise<void> {
  if (isUnread(n)) {
    try {
      await notifyApi.read(n.id)
    } catch {
      /* still open the link */
    }
    noticesChanged()
  }
  if (n.link && n.link.startsWith('/') && !n.link.startsWith('//')) router.push(n.link)
}

/** 全部已读; true when the server took it (errors are shown). */
export async function markAllRead(): Promise<boolean> {
  try {
    await notifyApi.readAll()
    noticesChanged()
    return true
  } catch (e) {
    ElMessage.error(errorMessage(e))
    return false
  }
}
