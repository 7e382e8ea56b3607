// Prints the JavaScript (and CSS) a browser downloads to show the sign-in
// page, gzip-compressed: the scripts and modulepreloads index.html names,
// then the same plus the lazily loaded sign-in route. Run after `npm run build`.
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const dist = new URL('../dist/', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'))
const html = readFileSync(join(dist, 'index.html'), 'utf8')

const gz = (file) => {
  const p = join(dist, file)
  return existsSync(p + '.gz') ? readFileSync(p + '.gz').length : gzipSync(readFileSync(p), { level: 9 }).length
}
const refs = (re) => [...html.matchAll(re)].map((m) => m[1].replace(/^\//, ''))
const direct = new Set([
  ...refs(/<script[^>]+src="([^"]+\.js)"/g),
  ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
])
const directCss = new Set(refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g))

// A chunk with its static imports, transitively (what the browser fetches for it).
function closure(key, js = new Set(), css = new Set()) {
  const c = manifest[key]
  if (!c || js.has(c.file)) return { js, css }
  js.add(c.file)
  for (const f of c.css ?? []) css.add(f)
  for (const i of c.imports ?? []) closure(i, js, css)
  return { js, css }
}
const login = closure('src/views/auth/Login.vue')

const kb = (n) => (n / 1024).toFixed(1) + ' KB'
const sum = (files) => [...files].reduce((s, f) => s + gz(f), 0)
const allJs = new Set([...direct, ...login.js])
const allCss = new Set([...directCss, ...login.css])

console.log('index.html scripts + modulepreloads (gzip):')
for (const f of direct) console.log('  ' + f.padEnd(48) + kb(gz(f)))
console.log('  total JS'.padEnd(50) + kb(sum(direct)))
console.log('sign-in page, adding the lazy route chunks:')
for (const f of login.js) if (!direct.has(f)) console.log('  ' + f.padEnd(48) + kb(gz(f)))
console.log('  total JS'.padEnd(50) + kb(sum(allJs)))
console.log('  total CSS'.padEnd(50) + kb(sum(allCss)))
const limit = 350 * 1024
if (sum(allJs) > limit) {
  console.error(`first-load JavaScript ${kb(sum(allJs))} exceeds 350 KB gzip`)
  process.exit(1)
}
