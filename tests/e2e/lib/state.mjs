// What tests/e2e/run set up (server address, demo accounts and their
// one-time passwords) and what the tests learnt since (changed passwords,
// TOTP secrets, the last TOTP step used). The files run one after another
// (--test-concurrency=1), so a plain JSON file is enough to share it.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const e2eDir = path.resolve(here, '..');
export const artifactsDir = process.env.E2E_ARTIFACTS || path.join(e2eDir, 'artifacts');
mkdirSync(artifactsDir, { recursive: true });

const statePath = process.env.E2E_STATE;
if (!statePath) throw new Error('E2E_STATE is not set: run the suite with tests/e2e/run');

export function loadState() {
  return JSON.parse(readFileSync(statePath, 'utf8'));
}

export const baseURL = loadState().base_url;

export function account(username) {
  const a = loadState().accounts[username];
  if (!a) throw new Error(`no account ${username} in ${statePath}`);
  return a;
}

export function updateAccount(username, patch) {
  const s = loadState();
  s.accounts[username] = { ...s.accounts[username], ...patch };
  writeFileSync(statePath, JSON.stringify(s, null, 2));
}

// The password every account gets at its forced change: passes the policy in
// src/core/identity/password_policy.cpp (12 characters, 4 classes, no
// sequence, no user name, not a common password).
export const NEW_PASSWORD = 'Hq7#mWv2Lp9x';
