/**
 * The main flows with the keyboard alone: sign in, reach the runs through the navigation,
 * trigger a run from its dialog, open it from the list, and reach its activity's details. Every
 * step moves focus with Tab and acts with Enter, Space, arrows or Escape, as a user without a
 * mouse does.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot } from './support/browser.js';
import { E2E_FACTORY, startE2eServer, type E2eServer } from './support/millrace-server.js';

const PIPELINES = `/subscriptions/k/resourceGroups/k/providers/Microsoft.DataFactory/factories/${E2E_FACTORY}/pipelines`;

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  await server.api('PUT', `${PIPELINES}/KeyboardRun`, {
    properties: {
      variables: { note: { type: 'String' } },
      activities: [
        {
          name: 'Remember',
          type: 'SetVariable',
          typeProperties: { variableName: 'note', value: 'typed' },
        },
      ],
    },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The focused element's accessible text: its aria-label, else its text ('' for none). */
function focused(page: Page): Promise<string> {
  return page.evaluate(
    `(() => {
      const element = document.activeElement;
      if (element === null || element === document.body) return '';
      return (element.getAttribute('aria-label') || element.textContent || '').trim();
    })()`,
  );
}

/** Presses Tab until the focused element's text matches; fails if it never does. */
async function tabTo(page: Page, name: RegExp, limit = 60): Promise<void> {
  for (let press = 0; press < limit; press += 1) {
    if (name.test(await focused(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${name} (last focused: ${await focused(page)})`);
}

describe('the keyboard alone', () => {
  it('signs in, triggers a run, opens it from the list and reaches its activity', async () => {
    const page = await (await newContext(browser, server.origin)).newPage();
    await page.goto(`/factories/${E2E_FACTORY}/runs`);
    await page.waitForURL(/\/sign-in/);
    // The user name field has the focus on arrival (once the page has drawn it).
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("name") ?? null'))
      .toBe('username');
    await page.keyboard.type(server.admin.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(server.admin.password);
    await page.keyboard.press('Enter');
    await page.getByLabel('Signed in as').waitFor();
    await page.waitForURL(`**/factories/${E2E_FACTORY}/runs`);
    await page.getByRole('button', { name: 'Trigger run' }).waitFor();

    // The first Tab offers to skip the navigation.
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toBe('Skip to content');

    await tabTo(page, /^Trigger run$/);
    await page.keyboard.press('Enter');
    const picker = page.getByRole('dialog', { name: 'Trigger run' });
    await picker.waitFor();
    // Escape closes a dialog; open it again.
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await tabTo(page, /^Trigger run$/);
    await page.keyboard.press('Enter');
    await picker.waitFor();
    // The pipeline list: typing a name picks it, as in any select.
    await tabTo(page, /KeyboardRun/);
    await page.keyboard.type('KeyboardRun');
    await expect(picker.getByLabel('Pipeline', { exact: true }).inputValue()).resolves.toBe(
      'KeyboardRun',
    );
    await tabTo(page, /^Next$/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Trigger KeyboardRun' });
    await dialog.waitFor();
    await tabTo(page, /^Run$/);
    await screenshot(page, 'keyboard-trigger');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/runs\/[^/]+$/);
    await page
      .getByRole('status', { name: 'Run status' })
      .filter({ hasText: 'Succeeded' })
      .waitFor({ timeout: 60_000 });

    // Back to the list; the run's row opens with Enter.
    await page.goBack();
    await page.waitForURL(/\/runs(\?.*)?$/);
    const row = page.getByRole('row', { name: /KeyboardRun/ }).first();
    await row.waitFor();
    // The row, not the pipeline filter that lists the same name.
    await tabTo(page, /KeyboardRun.*Succeeded/s);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/runs\/[^/?]+$/);

    // The activity run's row opens its details.
    await page.getByRole('row', { name: /Remember/ }).waitFor();
    await tabTo(page, /Remember.*Succeeded/s);
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Output' }).waitFor();
    await screenshot(page, 'keyboard-run-details');
    await page.context().close();
  }, 120_000);
});
