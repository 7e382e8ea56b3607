import { ref } from 'vue'

/**
 * A dialog's save: `busy` while `work` runs, and what `onError` makes of a
 * failure (usually useFieldErrors' apply: '' when shown under a field) in
 * `alert`. The dialog itself closes from inside `work` on success.
 */
export function useDialogSubmit(onError: (e: unknown) => string) {
  const busy = ref(false)
  const alert = ref('')
  async function submit(work: () => Promise<void>) {
    busy.value = true
    alert.value = ''
    try {
      await work()
    } catch (e) {
      alert.value = onError(e)
    } finally {
      busy.value = false
    }
  }
  return { busy, alert, submit }
}
