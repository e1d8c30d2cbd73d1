import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot, signInAs } from './support/browser.js';
import { E2E_FACTORY, startE2eServer, type E2eServer } from './support/millrace-server.js';

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('signing in', () => {
  it('refuses a wrong password with the server’s message and lets the right one in', async () => {
    const context = await newContext(browser, server.origin);
    const page = await context.newPage();
    await page.goto(`/factories/${E2E_FACTORY}/runs`);
    await expect(page.waitForURL(/\/sign-in\?next=/)).resolves.toBeUndefined();
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/do not match/);
    await screenshot(page, 'sign-in-refused');

    await signInAs(page, server.admin, page.url());
    await page.waitForURL(`**/factories/${E2E_FACTORY}/runs`);
    await expect(page.getByLabel('Signed in as').textContent()).resolves.toBe('admin');
    await screenshot(page, 'signed-in');
    await context.close();
  });

  it('keeps a session to its own tab: a new context must sign in again', async () => {
    const context = await newContext(browser, server.origin);
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await context.close();
  });
});
