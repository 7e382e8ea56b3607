import { fileURLToPath, URL } from 'node:url'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, constants as zlibConstants } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Writes FILE.gz next to every compressible file of the build, at maximum
// compression, when it is smaller. The server (src/http/static_files.cpp)
// sends FILE.gz to clients that accept gzip, so nothing is compressed per
// request. A dozen lines instead of another dependency.
function precompress(): Plugin {
  let outDir = 'dist'
  const compressible = /\.(js|mjs|css|html|svg|json|txt|map|wasm)$/
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name)
      return statSync(p).isDirectory() ? walk(p) : [p]
    })
  return {
    name: 'dj-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!compressible.test(file)) continue
        const raw = readFileSync(file)
        if (raw.length < 1024) continue
        const gz = gzipSync(raw, { level: zlibConstants.Z_BEST_COMPRESSION })
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz)
      }
    },
  }
}

// Libraries that every page needs share one long-cached chunk; ECharts gets
// its own so only the pages drawing charts load it (and pages share it). Element Plus is left to Rollup, which splits it by the routes that
// use each component, keeping the sign-in page small.
function manualChunks(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined
  if (/[\\/]node_modules[\\/](echarts|zrender)[\\/]/.test(id)) return 'echarts'
  if (/[\\/]node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/.test(id)) return 'vue'
  return undefined
}

export default defineConfig({
  plugins: [
    vue(),
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'auto-imports.d.ts',
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dts: 'components.d.ts',
      // Our own components are imported explicitly.
      dirs: [],
    }),
    precompress(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    reportCompressedSize: false,
    manifest: true,
    // ECharts is large by nature and is only loaded by the pages drawing charts.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        manualChunks,
        // "Users-[hash].js" rather than "Users.vue_vue_type_script_setup_true_lang-[hash].js".
        chunkFileNames: (chunk) => `assets/${chunk.name.replace(/\.vue_vue_type.*$/, '').replace(/[^\w-]/g, '_')}-[hash].js`,
      },
    },
  },
})
