// Date-range filters for the log viewers: [from, to] days → from_ms / to_ms
// (to is exclusive: the end of the last day).
import 'dayjs/locale/zh-cn'

export type DayRange = [Date, Date] | null

export function rangeQuery(range: DayRange): { from_ms?: number; to_ms?: number } {
  if (!range) return {}
  const from = new Date(range[0])
  from.setHours(0, 0, 0, 0)
  const to = new Date(range[1])
  to.setHours(0, 0, 0, 0)
  to.setDate(to.getDate() + 1)
  return { from_ms: from.getTime(), to_ms: to.getTime() }
}

function daysAgo(n: number): Date {
  const d = new Date()
  d.setHours(0, 0, 0, 0)
  d.setDate(d.getDate() - n)
  return d
}
export const rangeShortcuts = [
  { text: '今天', value: () => [daysAgo(0), daysAgo(0)] },
  { text: '最近 7 天', value: () => [daysAgo(6), daysAgo(0)] },
  { text: '最近 30 天', value: () => [daysAgo(29), daysAgo(0)] },
  { text: '最近 180 天', value: () => [daysAgo(179), daysAgo(0)] },
]
export function disabledFuture(d: Date): boolean {
  return d.getTime() > Date.now()
}
