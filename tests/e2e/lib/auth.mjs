// Signing in through the real pages: /login, then whichever step the server
// asks for — /password (forced change of a one-time password), /totp/enrol
// (administrators bind an authenticator: the test reads the secret off the
// page and computes the codes), /totp — until the layout shows.
import { account, updateAccount, NEW_PASSWORD } from './state.mjs';
import { currentStep, totpAt } from './totp.mjs';
import { shot } from './browser.mjs';

export const sel = {
  username: 'input[name="username"]',
  password: 'input[name="password"]',
  loginError: '[data-testid="login-error"]',
  oldPassword: 'input[name="old_password"]',
  newPassword: 'input[name="new_password"]',
  confirmPassword: 'input[name="confirm_password"]',
  totpSecret: '[data-testid="totp-secret"]',
  code: 'input[name="code"]',
  layout: '.layout', // the signed-in frame (the side menu is a drawer on phones)
  menu: '.layout__aside .side-menu',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Fills the sign-in form and submits it; returns once the page has moved on
// from /login or shows an error.
export async function submitLogin(page, username, password) {
  if (!new URL(page.url()).pathname.startsWith('/login')) await page.goto('/login');
  await page.locator(sel.username).fill(username);
  await page.locator(sel.password).fill(password);
  await page.locator('form button[type="submit"]').click();
  await Promise.race([
    page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20000 }),
    page.locator(sel.loginError).waitFor({ state: 'visible', timeout: 20000 }),
  ]);
}

// The forced change on /password: one-time (old) password → NEW_PASSWORD.
export async function changePassword(page, username, oldPassword, newPassword = NEW_PASSWORD) {
  await page.waitForURL((u) => u.pathname === '/password');
  await page.locator(sel.oldPassword).fill(oldPassword);
  await page.locator(sel.newPassword).fill(newPassword);
  await page.locator(sel.confirmPassword).fill(newPassword);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname !== '/password', { timeout: 20000 });
  updateAccount(username, { password: newPassword, one_time: false });
}

// A TOTP step that the server has not seen for this user (each code works
// once): the current one, or the next (the server accepts ±1 step), or wait.
async function freshStep(username) {
  const last = account(username).totp_last_step ?? -1;
  for (;;) {
    const now = currentStep();
    if (now > last) return now;
    if (now + 1 > last) return now + 1;
    await sleep(1000);
  }
}

async function typeCode(page, username, secret) {
  const step = await freshStep(username);
  const code = totpAt(secret, step);
  updateAccount(username, { totp_last_step: step });
  // The code field submits by itself at the 6th digit.
  await page.locator(sel.code).fill(code);
}

export async function enrolTotp(page, username) {
  await page.waitForURL((u) => u.pathname === '/totp/enrol');
  const shown = await page.locator(sel.totpSecret).textContent({ timeout: 20000 });
  const secret = shown.replace(/\s+/g, '');
  if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new Error(`the page shows no usable TOTP secret: "${shown}"`);
  updateAccount(username, { totp_secret: secret });
  await page.locator('img.enrol__qr').waitFor().catch(() => {});
  await shot(page, `totp-enrol-${username}`);
  await typeCode(page, username, secret);
  await page.waitForURL((u) => u.pathname !== '/totp/enrol', { timeout: 20000 });
}

export async function verifyTotp(page, username) {
  await page.waitForURL((u) => u.pathname === '/totp');
  const secret = account(username).totp_secret;
  if (!secret) throw new Error(`${username} asks for a TOTP code but no secret was recorded`);
  await page.locator(sel.code).waitFor();
  await shot(page, `totp-verify-${username}`);
  await typeCode(page, username, secret);
  await page.waitForURL((u) => u.pathname !== '/totp', { timeout: 20000 });
}

// Signs `username` in with whatever its password is now, passing every step
// the server asks for, and waits for the main layout.
export async function signIn(page, username) {
  const a = account(username);
  await page.goto('/login');
  await submitLogin(page, username, a.password);
  if (await page.locator(sel.loginError).isVisible()) {
    throw new Error(`sign-in of ${username} refused: ${await page.locator(sel.loginError).innerText()}`);
  }
  for (let i = 0; i < 4; i++) {
    const path = new URL(page.url()).pathname;
    if (path === '/password') await changePassword(page, username, a.password);
    else if (path === '/totp/enrol') await enrolTotp(page, username);
    else if (path === '/totp') await verifyTotp(page, username);
    else break;
  }
  await page.locator(sel.layout).first().waitFor({ state: 'visible' });
}

// The labels of every side-menu entry (groups and their children, open or not).
export async function menuLabels(page) {
  await page.locator(sel.menu).waitFor({ state: 'visible' });
  return page.locator(`${sel.menu} .side-menu__text`).evaluateAll((els) => els.map((e) => e.textContent.trim()));
}
