import 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Chinese page title: the tab title and the last breadcrumb. */
    title?: string
    /** The page is refused (and its menu entry hidden) without this permission. */
    permission?: string
    /** Reachable without signing in (the sign-in page). */
    public?: boolean
    /** A sign-in step page, reachable at these stages. */
    stages?: Array<'full' | 'change_password' | 'totp' | 'totp_enrol'>
    /** Hide the organisation tree panel on this page (default: shown when the user has org:read). */
    orgPanel?: boolean
  }
}
