import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, ApiError, setCsrfToken } from '@/api/http'
import type { LoginReply, Me, Stage } from '@/api/types'

/**
 * The signed-in user: who they are, the sign-in stage and their permissions.
 * `load()` asks the server once (GET /api/v1/auth/me); the router calls it
 * before the first navigation.
 */
export const useSession = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const loaded = ref(false)
  /** Set when the last /me failed for a reason other than "not signed in". */
  const loadError = ref<string | null>(null)
  /** Why the user was sent to the sign-in page (shown there once). */
  const notice = ref('')

  const stage = computed<Stage | null>(() => me.value?.stage ?? null)
  const signedIn = computed(() => me.value !== null)
  const permissions = computed(() => new Set(me.value?.permissions ?? []))
  const displayName = computed(() => me.value?.user.display_name || me.value?.user.username || '')
  const orgName = computed(() => me.value?.org?.name ?? '')

  /** True when the user holds `permission` (in any scope). */
  function can(permission: string | undefined | null): boolean {
    if (!permission) return true
    return stage.value === 'full' && permissions.value.has(permission)
  }
  function canAny(list: string[]): boolean {
    return list.some((p) => can(p))
  }

  let inflight: Promise<void> | null = null
  /** Loads /auth/me; a 401 just means "not signed in". */
  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve()
    if (inflight) return inflight
    inflight = (async () => {
      try {
        const m = await api.get<Me>('/api/v1/auth/me', undefined, { noAuthRedirect: true })
        me.value = m
        setCsrfToken(m.csrf_token)
        loadError.value = null
      } catch (e) {
        me.value = null
        if (!(e instanceof ApiError && e.status === 401)) {
          loadError.value = e instanceof ApiError ? e.message : '无法连接服务器，请稍后重试。'
        } else {
          loadError.value = null
          // An expired or ended session says why (idle for 30 minutes, …).
          if (e.code === 'session_expired' || e.code === 'account_disabled') notice.value = e.message
        }
      } finally {
        loaded.value = true
        inflight = null
      }
    })()
    return inflight
  }

  /**
   * Reloads /auth/me while signed in; a 401 here goes through the central
   * handler (back to the sign-in page, then to this page again).
   */
  async function refresh(): Promise<void> {
    const m = await api.get<Me>('/api/v1/auth/me')
    me.value = m
    setCsrfToken(m.csrf_token)
  }

  /** After a successful POST /auth/login. */
  async function afterLogin(reply: LoginReply): Promise<void> {
    setCsrfToken(reply.csrf_token)
    loaded.value = false
    await load(true)
    if (!me.value) throw new ApiError(0, 'network', '登录状态未能保存，请确认浏览器允许 Cookie 后重试。')
  }

  function setStage(s: Stage): void {
    if (me.value) me.value = { ...me.value, stage: s }
  }

  /** Forgets the user locally (after sign-out or when the session expired). */
  function clear(): void {
    me.value = null
    loaded.value = true
    setCsrfToken('')
  }

  async function logout(): Promise<void> {
    try {
      await api.post('/api/v1/auth/logout', undefined, { noAuthRedirect: true })
    } catch {
      /* the session may already be over; sign out locally anyway */
    }
    clear()
  }

  return {
    me,
    loaded,
    loadError,
    notice,
    stage,
    signedIn,
    permissions,
    displayName,
    orgName,
    can,
    canAny,
    load,
    refresh,
    afterLogin,
    setStage,
    clear,
    logout,
  }
})
