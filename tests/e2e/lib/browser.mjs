// Launches Debian's chromium through playwright-core (no browser download)
// and opens pages on the server that tests/e2e/run started.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { artifactsDir, baseURL } from './state.mjs';

export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container: no user namespaces for the sandbox; /dev/shm may be small.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

// A fresh context (own cookies) and page. Console errors and uncaught page
// errors are collected on page.problems, for tests to assert on or report.
export async function newPage(browser, { width = 1440, height = 900, isMobile = false } = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width, height },
    deviceScaleFactor: 1,
    isMobile,
    hasTouch: isMobile,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS || 15000));
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused request (401 before signing in, 404 for a row out of scope)
    // is logged by the browser as "Failed to load resource"; those are
    // expected and asserted by the tests themselves. Server errors are caught below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      page.problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) page.problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return page;
}

// Saves a full-page screenshot as artifacts/<name>.png and returns its path.
export async function shot(page, name) {
  await quiet(page);
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Runs fn; on failure saves a screenshot of the page as artifacts/FAILED-<name>.png
// (and the page's console errors into the message) before rethrowing.
export async function withFailureShot(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    try {
      await shot(page, `FAILED-${name}`);
    } catch {
      /* the page may be gone */
    }
    if (page.problems?.length) e.message += `\npage problems:\n  ${page.problems.join('\n  ')}`;
    throw e;
  }
}

// JSON API calls in the page's session (same cookies as the browser), used
// to look up facts the test needs (a member's name, an organisation's id);
// never to do what the test is about.
export async function api(page, method, url, body) {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'dj_csrf')?.value ?? '';
  const res = await page.context().request.fetch(url, {
    method,
    headers: { 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    data: body ? JSON.stringify(body) : undefined,
    failOnStatusCode: false,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  if (!res.ok()) {
    const err = new Error(`${method} ${url} -> ${res.status()}: ${text.slice(0, 300)}`);
    err.status = res.status();
    err.body = json;
    throw err;
  }
  return json;
}

// Waits until the page has stopped loading: no request in flight for 500 ms
// and no Element Plus loading mask or skeleton showing.
export async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('.el-loading-mask, .el-skeleton')].some(
        (e) => e.getBoundingClientRect().height > 0 && getComputedStyle(e).display !== 'none',
      ),
    null,
    { timeout: 15000 },
  );
  await page.evaluate(() => document.fonts.ready);
  await quiet(page);
}

// Waits (up to 3 s) for CSS transitions and animations to end: dialogs,
// drop-downs, tree nodes and messages slide in and out.
export async function quiet(page) {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length === 0,
      null,
      { timeout: 3000, polling: 100 },
    )
    .catch(() => {});
}
