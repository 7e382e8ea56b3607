// Server validation errors (422 {"error":{"code","message","field"}}) shown
// under the form field they name, as Element Plus's own rule messages are.
import { nextTick, reactive } from 'vue'
import { ApiError, errorMessage } from '@/api/http'

export function useFieldErrors<K extends string>(fields: readonly K[]) {
  const errors = reactive<Record<string, string>>({}) as Record<K, string>
  for (const f of fields) errors[f] = ''

  function clear(field?: K) {
    if (field) errors[field] = ''
    else for (const f of fields) errors[f] = ''
  }

  /**
   * Puts `e` under its field when the form has that field and returns '';
   * otherwise returns the Chinese message for an alert above the form.
   */
  function apply(e: unknown, fallback = '保存失败，请稍后重试。'): string {
    clear()
    if (e instanceof ApiError && e.field && (fields as readonly string[]).includes(e.field)) {
      // Element Plus shows a form item's error only when the prop changes:
      // cleared above, set on the next tick (the same message twice still shows).
      const field = e.field as K
      const message = e.message
      nextTick(() => (errors[field] = message))
      return ''
    }
    return errorMessage(e, fallback)
  }

  return { errors, clear, apply }
}
