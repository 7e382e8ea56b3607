# Shared by scripts/run and scripts/test. Sourced, not executed.
# Everything here is idempotent: a second run skips what is already done.

# System packages needed to build and run the binary.
DJ_BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libcli11-dev libspdlog-dev
  libsqlite3-dev libpq-dev libssl-dev libsodium-dev libxlsxwriter-dev
  libminizip-dev libpugixml-dev libicu-dev
)
# clang and libFuzzer for tests/fuzz (libclang-rt-14-dev ships
# libclang_rt.fuzzer-x86_64.a; clang only recommends it).
DJ_FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# Extra packages the tests need: GoogleTest, a PostgreSQL 15 server and its
# client tools (pg_dump/pg_restore for backup), curl for the smoke test, the
# fuzzing toolchain and the browser tests' chromium and fonts (Node.js comes
# with dj_build_web). wrk drives the benchmark suite (bench/run --quick).
# The browser tests (tests/e2e) drive Debian's chromium; fonts-noto-cjk is
# there so Chinese renders in it (without it every character is a box).
DJ_E2E_PACKAGES=(chromium fonts-noto-cjk)
DJ_TEST_PACKAGES=(libgtest-dev postgresql-15 postgresql-client-15 curl wrk "${DJ_FUZZ_PACKAGES[@]}" "${DJ_E2E_PACKAGES[@]}")

dj_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the packages that are missing (apt-get only when needed).
dj_install_packages() {
  local missing=()
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "需要 root 权限安装系统软件包 / root is needed to install: ${missing[*]}" >&2
    exit 1
  fi
  dj_log "安装系统软件包 / installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

dj_jobs() { nproc 2>/dev/null || echo 2; }

# dj_build DIR TARGET [cmake args...]: configures DIR with the args the first
# time only (scripts/test and scripts/run share build/release, so the second
# one just builds what is missing), then builds TARGET ("all" for everything).
dj_build() {
  local dir=$1 target=$2
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  fi
  cmake --build "$dir" -j "$(dj_jobs)" --target "$target"
}

# Builds the web app when it exists (web/package.json) and its sources changed.
dj_build_web() {
  if [ ! -f web/package.json ]; then
    return 0
  fi
  # A Node.js from elsewhere (e.g. NodeSource's, which bundles npm and
  # conflicts with Debian's npm package) is used as it is.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    dj_install_packages nodejs npm
  fi
  local stamp=web/dist/.build-stamp
  local newest
  newest=$(find web -path web/node_modules -prune -o -path web/dist -prune -o -type f -newer "$stamp" -print -quit 2>/dev/null || true)
  if [ -f "$stamp" ] && [ -z "$newest" ]; then
    return 0
  fi
  dj_log "构建网页应用 / building the web app"
  if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
    echo "网页应用需要 Node.js 18 或更高版本 / the web app needs Node.js 18 or later (found $(node --version))" >&2
    exit 1
  fi
  # npm ci again when package-lock.json changed after node_modules was made.
  (cd web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build)
  touch "$stamp"
}
