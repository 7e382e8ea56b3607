import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { ApiError, setAuthHandlers } from '@/api/http'
import type { Stage } from '@/api/types'
import { mergeMenus, type MenuItem } from '@/layout/menu'
import { useSession } from '@/stores/session'
import { useOrgSelection } from '@/stores/orgSelection'
import { authRoutes, coreMenu, coreRoutes } from './core'
import { pinia } from '@/stores/pinia'

// Every domain module plugs in here: src/modules/<name>/routes.ts exports
// `routes` (children of the layout) and `menu` (side-menu entries).
interface ModuleRoutes {
  routes?: RouteRecordRaw[]
  menu?: MenuItem[]
}
const modules = import.meta.glob<ModuleRoutes>('../modules/*/routes.ts', { eager: true })
const moduleRoutes: RouteRecordRaw[] = []
const moduleMenus: MenuItem[][] = []
for (const path of Object.keys(modules).sort()) {
  const m = modules[path]
  if (m.routes) moduleRoutes.push(...m.routes.map(childPath))
  if (m.menu) moduleMenus.push(m.menu)
}

// Layout children are written either relative ('orgs') or absolute ('/orgs').
function childPath(r: RouteRecordRaw): RouteRecordRaw {
  return r.path.startsWith('/') ? ({ ...r, path: r.path.slice(1) } as RouteRecordRaw) : r
}

/** The whole side menu (before permission filtering). */
export const menu: MenuItem[] = mergeMenus([coreMenu, ...moduleMenus])

export const STAGE_ROUTES: Record<Exclude<Stage, 'full'>, string> = {
  change_password: '/password',
  totp: '/totp',
  totp_enrol: '/totp/enrol',
}

const routes: RouteRecordRaw[] = [
  ...authRoutes,
  {
    path: '/',
    component: () => import('@/layout/AppLayout.vue'),
    children: [
      ...coreRoutes,
      ...moduleRoutes,
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/errors/NotFound.vue'),
        meta: { title: '页面不存在', orgPanel: false },
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

/** A same-site path to return to after signing in (never another origin). */
export function safeRedirect(v: unknown): string {
  const s = Array.isArray(v) ? v[0] : v
  if (typeof s !== 'string' || !s.startsWith('/') || s.startsWith('//') || s.startsWith('/\\')) return '/'
  if (s.startsWith('/login')) return '/'
  return s
}

function redirectQuery(to: RouteLocationNormalized): Record<string, string> {
  if (to.query.redirect) return { redirect: safeRedirect(to.query.redirect) }
  return to.fullPath === '/' ? {} : { redirect: to.fullPath }
}

router.beforeEach(async (to) => {
  const session = useSession(pinia)
  await session.load()
  const stage = session.stage

  if (to.meta.public) {
    // Signed in already: the sign-in page moves on.
    if (stage === 'full') return safeRedirect(to.query.redirect)
    if (stage) return { path: STAGE_ROUTES[stage], query: redirectQuery(to) }
    return true
  }
  if (!stage) return { path: '/login', query: redirectQuery(to) }
  if (stage !== 'full') {
    const stepPath = STAGE_ROUTES[stage]
    if (to.path !== stepPath) return { path: stepPath, query: redirectQuery(to) }
    return true
  }
  // Fully signed in.
  if (to.meta.stages && !to.meta.stages.includes('full')) return safeRedirect(to.query.redirect)
  const refused = to.matched.find((r) => r.meta.permission && !session.can(r.meta.permission))
  if (refused) return { name: 'forbidden', query: { from: to.fullPath }, replace: true }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 党建工作平台` : '党建工作平台'
})

// A chunk that fails to load after a new version was deployed: reload once.
router.onError((err, to) => {
  const msg = String((err as Error)?.message ?? '')
  if (/Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(msg)) {
    const key = 'dj-reload-at'
    const last = Number(sessionStorage.getItem(key) ?? 0)
    if (Date.now() - last > 10_000) {
      sessionStorage.setItem(key, String(Date.now()))
      window.location.assign(to.fullPath)
    }
  }
})

// ---- what http.ts does on 401 and on "finish signing in first" -------------

let redirecting = false
setAuthHandlers({
  unauthenticated(e: ApiError) {
    const session = useSession(pinia)
    session.clear()
    useOrgSelection(pinia).clear()
    const current = router.currentRoute.value
    if (current.meta.public || redirecting) return
    session.notice =
      e.code === 'session_expired' || e.code === 'account_disabled' ? e.message : '登录已失效，请重新登录。'
    redirecting = true
    router
      .replace({ path: '/login', query: current.fullPath === '/' ? {} : { redirect: current.fullPath } })
      .finally(() => {
        redirecting = false
      })
  },
  stageRequired(e: ApiError) {
    const session = useSession(pinia)
    const stage: Stage =
      e.code === 'password_change_required' ? 'change_password' : e.code === 'totp_required' ? 'totp' : 'totp_enrol'
    session.setStage(stage)
    const current = router.currentRoute.value
    if (current.path !== STAGE_ROUTES[stage])
      router.replace({ path: STAGE_ROUTES[stage], query: { redirect: safeRedirect(current.fullPath) } })
  },
})

export default router
