import { onBeforeUnmount, ref } from 'vue'

/** True while the window is phone-sized (below 768 px). */
export function useIsMobile(maxWidth = 767) {
  const query = window.matchMedia(`(max-width: ${maxWidth}px)`)
  const isMobile = ref(query.matches)
  const update = (e: MediaQueryListEvent) => {
    isMobile.value = e.matches
  }
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return isMobile
}
