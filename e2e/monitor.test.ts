/**
 * Monitoring factory runs in the browser: trigger a run with a parameter and watch it succeed live
 * (canvas statuses, Gantt bars, an activity's output), cancel a long run, rerun a failed one from
 * its failure, filter the runs list (in the URL, back button included) while a new run appears
 * live, and run the loan-scoring example through to the ML run its activity started.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot, signInAs } from './support/browser.js';
import { E2E_FACTORY, startE2eServer, type E2eServer } from './support/millrace-server.js';

const FACTORY_API = `/subscriptions/e2e/resourceGroups/e2e/providers/Microsoft.DataFactory/factories/${E2E_FACTORY}`;
const RUN_PATH = new RegExp(`/factories/${E2E_FACTORY}/runs/([0-9a-f-]{36})$`);

let server: E2eServer;
let browser: Browser;

function wait(name: string, seconds: unknown, dependsOn?: string) {
  return {
    name,
    type: 'Wait',
    ...(dependsOn === undefined
      ? {}
      : { dependsOn: [{ activity: dependsOn, dependencyConditions: ['Succeeded'] }] }),
    typeProperties: { waitTimeInSeconds: seconds },
  };
}

const PIPELINES = {
  MonitorWaits: {
    parameters: {
      label: { type: 'String' },
      seconds: { type: 'Int', defaultValue: 1 },
    },
    variables: { result: { type: 'String' } },
    activities: [
      wait('First', { value: '@pipeline().parameters.seconds', type: 'Expression' }),
      wait('Second', 1, 'First'),
      {
        name: 'Remember',
        type: 'SetVariable',
        dependsOn: [{ activity: 'Second', dependencyConditions: ['Succeeded'] }],
        typeProperties: {
          variableName: 'result',
          value: { value: "@concat('done ', pipeline().parameters.label)", type: 'Expression' },
        },
      },
    ],
  },
  MonitorFails: {
    activities: [
      wait('Prepare', 1),
      {
        name: 'Break',
        type: 'Fail',
        dependsOn: [{ activity: 'Prepare', dependencyConditions: ['Succeeded'] }],
        typeProperties: { message: 'The input was not there', errorCode: '4242' },
      },
    ],
  },
  MonitorLongWait: { activities: [wait('Sleep', 600)] },
};

beforeAll(async () => {
  server = await startE2eServer();
  for (const [name, properties] of Object.entries(PIPELINES)) {
    await server.api('PUT', `${FACTORY_API}/pipelines/${name}`, { properties });
  }
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedInPage(path: string): Promise<Page> {
  const context = await newContext(browser, server.origin);
  const page = await context.newPage();
  await signInAs(page, server.admin, path);
  return page;
}

function startRun(pipeline: string, parameters: object = {}): Promise<{ runId: string }> {
  return server.api('POST', `${FACTORY_API}/pipelines/${pipeline}/createRun`, parameters);
}

function runStatus(page: Page) {
  return page.getByRole('status', { name: 'Run status' });
}

function runIdOf(page: Page): string {
  const runId = RUN_PATH.exec(new URL(page.url()).pathname)?.[1];
  if (runId === undefined) throw new Error(`Not a run page: ${page.url()}`);
  return runId;
}

describe('monitoring factory runs', () => {
  it('triggers a run with a parameter and watches it succeed live', async () => {
    const page = await signedInPage(`/factories/${E2E_FACTORY}/runs`);
    await page.getByRole('button', { name: 'Trigger run' }).click();
    const picker = page.getByRole('dialog', { name: 'Trigger run' });
    await picker.waitFor();
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Trigger run' }).click();
    await picker.getByLabel('Pipeline', { exact: true }).selectOption('MonitorWaits');
    await picker.getByRole('button', { name: 'Next' }).click();

    const dialog = page.getByRole('dialog', { name: 'Trigger MonitorWaits' });
    await expect(dialog.getByLabel('seconds').inputValue()).resolves.toBe('1');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toMatch(/no default/);
    await screenshot(page, 'monitor-trigger-required');
    await dialog.getByLabel('label').fill('from the UI');
    await dialog.getByLabel('seconds').fill('3');
    await screenshot(page, 'monitor-trigger-filled');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();

    await page.waitForURL(RUN_PATH);
    await runStatus(page).filter({ hasText: 'InProgress' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await screenshot(page, 'monitor-run-in-progress');
    await page.getByRole('tab', { name: 'Gantt' }).click();
    await page.getByRole('button', { name: /^First: InProgress/ }).waitFor();
    await screenshot(page, 'monitor-gantt-running');

    // No reload: the run's event stream brings every change.
    await runStatus(page).filter({ hasText: 'Succeeded' }).waitFor({ timeout: 30_000 });
    const canvas = page.getByRole('region', { name: 'Pipeline' });
    await expect
      .poll(() => canvas.getByText('Succeeded', { exact: true }).count(), { timeout: 10_000 })
      .toBe(3);
    for (const name of ['First', 'Second', 'Remember']) {
      await page.getByRole('button', { name: new RegExp(`^${name}: Succeeded`) }).waitFor();
    }
    await screenshot(page, 'monitor-gantt-succeeded');

    await page.getByRole('tab', { name: /Activity runs/ }).click();
    await page.getByRole('row', { name: /Remember/ }).click();
    const details = page.getByRole('complementary', { name: 'Selected activity run' });
    await expect.poll(() => details.textContent()).toMatch(/"value":\s*"done from the UI"/);
    await expect(
      page.getByRole('tab', { name: 'Output' }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
    await screenshot(page, 'monitor-run-succeeded-output');
    await page.context().close();
  }, 90_000);

  it('shows the server’s refusal in the trigger dialog', async () => {
    const reader = await server.addUser('monitor-reader', ['Reader']);
    const context = await newContext(browser, server.origin);
    const page = await context.newPage();
    await signInAs(page, reader, `/factories/${E2E_FACTORY}/runs`);
    await page.getByRole('button', { name: 'Trigger run' }).click();
    await page
      .getByRole('dialog', { name: 'Trigger run' })
      .getByLabel('Pipeline', { exact: true })
      .selectOption('MonitorFails');
    await page.getByRole('button', { name: 'Next' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trigger MonitorFails' });
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toMatch(
      /refused the run.*factory\/pipelines\/createRun.*AUTH_FORBIDDEN/s,
    );
    await screenshot(page, 'monitor-trigger-refused');
    await context.close();
  }, 30_000);

  it('cancels a long run after asking', async () => {
    const { runId } = await startRun('MonitorLongWait');
    const page = await signedInPage(`/factories/${E2E_FACTORY}/runs/${runId}`);
    await runStatus(page).filter({ hasText: 'InProgress' }).waitFor();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Cancel run' });
    await screenshot(page, 'monitor-cancel-confirm');
    await confirm.getByRole('button', { name: 'Cancel run' }).click();
    await runStatus(page).filter({ hasText: 'Cancelled' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Rerun', exact: true }).waitFor();
    await expect(page.getByRole('button', { name: 'Cancel', exact: true }).count()).resolves.toBe(
      0,
    );
    await screenshot(page, 'monitor-cancelled');
    await page.context().close();
  }, 60_000);

  it('shows a failed activity’s error and reruns the run from its failure', async () => {
    const { runId } = await startRun('MonitorFails');
    const page = await signedInPage(`/factories/${E2E_FACTORY}/runs/${runId}`);
    await runStatus(page).filter({ hasText: 'Failed' }).waitFor({ timeout: 30_000 });
    await page.getByRole('row', { name: /Break/ }).click();
    const details = page.getByRole('complementary', { name: 'Selected activity run' });
    await expect(
      page.getByRole('tab', { name: 'Error' }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
    await expect
      .poll(() => details.textContent())
      .toMatch(/4242.*The input was not there.*UserError/s);
    await screenshot(page, 'monitor-failed-error');

    await page.getByRole('button', { name: 'Rerun from failure' }).click();
    await expect.poll(() => runIdOf(page)).not.toBe(runId);
    const rerunId = runIdOf(page);
    await runStatus(page).filter({ hasText: 'Failed' }).waitFor({ timeout: 30_000 });
    const rerun = await server.api<{ runGroupId: string; referencePipelineRunId: string }>(
      'GET',
      `${FACTORY_API}/pipelineruns/${rerunId}`,
    );
    expect(rerun.referencePipelineRunId).toBe(runId);
    await expect(page.getByRole('link', { name: 'MonitorFails' }).count()).resolves.toBe(1);
    await screenshot(page, 'monitor-rerun-from-failure');
    await page.context().close();
  }, 60_000);

  it('filters the runs list in the URL, goes back, and shows a new run live', async () => {
    const page = await signedInPage(`/factories/${E2E_FACTORY}/runs`);
    const rows = page.getByRole('table').getByRole('row');
    await page.getByRole('row', { name: /MonitorLongWait/ }).waitFor();

    await page.getByText('Status:').click();
    await page.getByRole('group', { name: 'Status' }).getByLabel('Failed').check();
    await page.waitForURL(/status=Failed/);
    await expect
      .poll(async () => (await rows.allTextContents()).slice(1))
      .toEqual([
        expect.stringMatching(/MonitorFails.*Failed/),
        expect.stringMatching(/MonitorFails.*Failed/),
      ]);
    await screenshot(page, 'monitor-list-failed');
    await page.getByText('Status:').click();

    await page.getByText('Pipeline:').click();
    await page.getByRole('group', { name: 'Status' }).waitFor({ state: 'hidden' });
    await page
      .getByRole('group', { name: 'Pipeline', exact: true })
      .getByLabel('MonitorWaits')
      .check();
    await page.waitForURL(/pipeline=MonitorWaits/);
    await page.getByText('No runs match these filters.').waitFor();
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('pipeline='));
    await page
      .getByRole('row', { name: /MonitorFails/ })
      .first()
      .waitFor();

    // Debug runs (of a pipeline never saved) have their own tab.
    await server.api('POST', `${FACTORY_API}/pipelines/MonitorScratch/debugRun`, {
      properties: { activities: [wait('Scratch', 0)] },
    });
    await page.goto(`/factories/${E2E_FACTORY}/runs`);
    await page.getByRole('tab', { name: 'Debug runs' }).click();
    await page.waitForURL(/debug=true/);
    await page.getByRole('row', { name: /MonitorScratch.*Debug/ }).waitFor();
    await expect(page.getByRole('row', { name: /MonitorFails/ }).count()).resolves.toBe(0);
    await screenshot(page, 'monitor-list-debug-runs');

    await page.goto(`/factories/${E2E_FACTORY}/runs?pipeline=MonitorWaits`);
    await page
      .getByRole('row', { name: /MonitorWaits/ })
      .first()
      .waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const before = await rows.count();
    await startRun('MonitorWaits', { label: 'live' });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(before + 1);
    await page.getByRole('row', { name: /label=live/ }).waitFor();
    await screenshot(page, 'monitor-list-live-new-run');

    await page.getByRole('row', { name: /label=live/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(RUN_PATH);
    await runStatus(page).waitFor();
    await page.context().close();
  }, 60_000);

  it('runs ScoreLoans to success and opens the ML run its activity started', async () => {
    const page = await signedInPage(`/factories/${E2E_FACTORY}/runs`);
    await page.getByRole('button', { name: 'Trigger run' }).click();
    const picker = page.getByRole('dialog', { name: 'Trigger run' });
    await picker.getByLabel('Pipeline', { exact: true }).selectOption('ScoreLoans');
    await picker.getByRole('button', { name: 'Next' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trigger ScoreLoans' });
    await expect(dialog.getByLabel('threshold').inputValue()).resolves.toBe('0.1');
    await screenshot(page, 'monitor-score-loans-trigger');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(RUN_PATH);
    await runStatus(page).filter({ hasText: 'Succeeded' }).waitFor({ timeout: 120_000 });

    await page.getByRole('row', { name: /ScoreWithMl/ }).click();
    const mlRun = page.getByRole('region', { name: 'ML run' });
    const openMlRun = mlRun.getByRole('link', { name: 'Open ML run' });
    const href = await openMlRun.getAttribute('href');
    const mlRunId = /^\/ml\/runs\/(.+)$/.exec(href ?? '')?.[1];
    expect(mlRunId).toBeDefined();
    await expect(mlRun.textContent()).resolves.toMatch(/prepare.*score/s);
    await screenshot(page, 'monitor-score-loans-succeeded');

    await openMlRun.click();
    await page.waitForURL(`**/ml/runs/${mlRunId}`);
    await page
      .getByText(decodeURIComponent(mlRunId ?? ''), { exact: false })
      .first()
      .waitFor();
    await screenshot(page, 'monitor-ml-run-opened');
    await page.context().close();
  }, 150_000);
});
