/**
 * Debian's Chromium driven by playwright-core (no downloaded browser), headless, with the flags
 * this machine's closed network needs. Each test gets a fresh context (no shared storage), and
 * saves screenshots under artifacts/e2e/ for people to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { E2eUser } from './millrace-server.js';

const CHROMIUM_CANDIDATES = [
  process.env['MILLRACE_CHROMIUM'],
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((path): path is string => path !== undefined && path !== '');

export const ARTIFACTS = join(import.meta.dirname, '../../artifacts/e2e');

export function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      `No Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}): install Debian's chromium package (apt-get install chromium) or set MILLRACE_CHROMIUM.`,
    );
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A laptop screen. */
export const VIEWPORT = { width: 1366, height: 768 };

export async function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: origin, viewport: VIEWPORT });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Signs in through the sign-in page, as a user does. */
export async function signInAs(page: Page, user: E2eUser, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Signed in as').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
