// The one way the web app talks to the server.
//
// - Same-origin cookies (dj_session is HttpOnly; dj_csrf is readable).
// - Every request other than GET/HEAD sends X-CSRF-Token = the dj_csrf cookie.
// - Every failure becomes an ApiError with a Chinese `message` meant for the
//   user (the server's message when it sent one, otherwise one chosen here
//   from the HTTP status). Raw JSON or stack text never reaches the screen.
// - 401 (not signed in, session expired) clears the signed-in user and sends
//   the browser to /login?redirect=<where the user was>; a 403 that names a
//   pending sign-in step sends it to that step.

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue | QueryValue[]>

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number
  /** Stable code from the server (`invalid`, `wrong_credentials`, …) or one of ours (`network`, `bad_response`). */
  readonly code: string
  /** The input at fault, e.g. `username` or `roles[0].anchor_org_id`. */
  readonly field?: string
  readonly requestId?: string

  constructor(status: number, code: string, message: string, field?: string, requestId?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.requestId = requestId
  }
}

/** A Chinese sentence for any thrown value, for ElMessage or PageState. */
export function errorMessage(e: unknown, fallback = '操作失败，请稍后重试。'): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof DOMException && e.name === 'AbortError') return '请求已取消。'
  return fallback
}

const STATUS_TEXT: Record<number, string> = {
  400: '请求有误，请检查填写的内容。',
  401: '请先登录。',
  403: '您没有执行此操作的权限。',
  404: '请求的内容不存在或您无权查看。',
  405: '不支持此操作。',
  408: '请求超时，请重试。',
  409: '数据已被修改或存在冲突，请刷新后重试。',
  413: '文件或内容太大，无法提交。',
  415: '提交的内容格式不受支持。',
  422: '填写的内容有误，请检查。',
  423: '账号已锁定，请稍后再试。',
  429: '操作过于频繁，请稍后再试。',
  431: '请求头过大，请清除浏览器 Cookie 后重试。',
  500: '服务器出错了，请稍后重试。',
  502: '服务暂时不可用，请稍后重试。',
  503: '服务暂时不可用，请稍后重试。',
  504: '服务器响应超时，请稍后重试。',
}

function statusMessage(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? '服务器出错了，请稍后重试。' : '操作失败，请稍后重试。')
}

/** Reads one cookie by name (dj_csrf is deliberately readable). */
export function readCookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return ''
}

// The CSRF token from the last login / me reply, used when the cookie cannot
// be read (it normally can).
let csrfFallback = ''
export function setCsrfToken(token: string | undefined | null): void {
  csrfFallback = token ?? ''
}
function csrfToken(): string {
  return readCookie('dj_csrf') || csrfFallback
}

// ---- what happens on 401 / stage errors (installed by the router) ----------

type AuthHandler = (e: ApiError) => void
let onUnauthenticated: AuthHandler = () => {}
let onStageRequired: AuthHandler = () => {}
export function setAuthHandlers(handlers: { unauthenticated: AuthHandler; stageRequired: AuthHandler }): void {
  onUnauthenticated = handlers.unauthenticated
  onStageRequired = handlers.stageRequired
}
const STAGE_CODES = new Set(['password_change_required', 'totp_required', 'totp_enrol_required'])

// ---- request ------------------------------------------------------------------

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
  /** Do not redirect to the sign-in page on 401 (the sign-in form itself). */
  noAuthRedirect?: boolean
  headers?: Record<string, string>
}

/** '/api/v1/users' as is; 'users' → '/api/v1/users'. */
export function apiUrl(path: string, query?: Query): string {
  let url = path.startsWith('/') || /^https?:/.test(path) ? path : `/api/v1/${path}`
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      const values = Array.isArray(v) ? v : [v]
      for (const one of values) if (one !== undefined && one !== null && one !== '') qs.append(k, String(one))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  let body: BodyInit | undefined
  if (opts.body instanceof Blob || opts.body instanceof FormData) {
    body = opts.body
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const t = csrfToken()
    if (t) headers['X-CSRF-Token'] = t
  }
  let res: Response
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
      cache: 'no-store',
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试。')
  }
  if (!res.ok) throw await toError(res, opts)
  return res
}

async function toError(res: Response, opts: RequestOptions): Promise<ApiError> {
  const requestId = res.headers.get('X-Request-Id') ?? undefined
  let code = `http_${res.status}`
  let message = statusMessage(res.status)
  let field: string | undefined
  if ((res.headers.get('Content-Type') ?? '').includes('json')) {
    try {
      const j = (await res.json()) as { error?: { code?: unknown; message?: unknown; field?: unknown } }
      const e = j?.error
      if (e && typeof e === 'object') {
        if (typeof e.code === 'string' && e.code) code = e.code
        // Server messages are Chinese sentences written for users; keep them
        // only when they look like one (never echo a JSON blob or a stack).
        if (typeof e.message === 'string' && e.message && e.message.length < 500 && !/^[[{]/.test(e.message.trim()))
          message = e.message
        if (typeof e.field === 'string' && e.field) field = e.field
      }
    } catch {
      /* keep the status text */
    }
  }
  const err = new ApiError(res.status, code, message, field, requestId)
  if (res.status === 401 && !opts.noAuthRedirect) onUnauthenticated(err)
  else if (res.status === 403 && STAGE_CODES.has(code) && !opts.noAuthRedirect) onStageRequired(err)
  return err
}

async function json<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T
  const text = await res.text()
  if (!text) return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError(res.status, 'bad_response', '服务器返回的内容无法识别，请稍后重试。')
  }
}

async function call<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
  return json<T>(await send(method, path, opts))
}

/** The file name from Content-Disposition (RFC 5987 filename* first). */
export function filenameFrom(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') ?? ''
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(cd)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(cd)
  return plain ? plain[1].trim() : fallback
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

/**
 * GETs `url` (filters in `query`) and saves the reply as a file, named as the
 * server says (Content-Disposition) or `fallbackName`. Resolves to the name.
 */
export async function download(url: string, fallbackName: string, query?: Query): Promise<string> {
  const res = await send('GET', url, { query, headers: { Accept: '*/*' } })
  const name = filenameFrom(res, fallbackName)
  saveBlob(await res.blob(), name)
  return name
}

/**
 * POSTs one file as the raw request body (Content-Type from the file, name in
 * X-File-Name) and returns the JSON reply. Add query parameters for options
 * such as `dry_run`.
 */
export async function upload<T = unknown>(url: string, file: File | Blob, query?: Query): Promise<T> {
  const headers: Record<string, string> = {
    'Content-Type': file.type || 'application/octet-stream',
  }
  if (file instanceof File) headers['X-File-Name'] = encodeURIComponent(file.name)
  return call<T>('POST', url, { body: file, query, headers })
}

export const api = {
  get: <T>(url: string, query?: Query, opts?: Omit<RequestOptions, 'query' | 'body'>) =>
    call<T>('GET', url, { ...opts, query }),
  post: <T>(url: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    call<T>('POST', url, { ...opts, body }),
  patch: <T>(url: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    call<T>('PATCH', url, { ...opts, body }),
  put: <T>(url: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    call<T>('PUT', url, { ...opts, body }),
  del: <T>(url: string, opts?: Omit<RequestOptions, 'body'>) => call<T>('DELETE', url, opts),
  download,
  upload,
}

export default api
