/**
 * The ML side in a real browser against `millrace server` with the loan-scoring example
 * (published at start behind the endpoint `loan-scoring`): published pipelines, the endpoint's
 * versions, an experiment's runs, a run's page (step graph with statuses, logs, metrics charts,
 * outputs), the reused mark of an identical second run, and the factory activity's `runUrl`
 * opened signed out: sign in, then back to the run, which links to the factory run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot, signInAs } from './support/browser.js';
import { E2E_FACTORY, startE2eServer, type E2eServer } from './support/millrace-server.js';

const WORKSPACE =
  '/pipelines/v1.0/subscriptions/e2e/resourceGroups/e2e/providers/Microsoft.MachineLearningServices/workspaces/e2e';
const FACTORY = `/subscriptions/e2e/resourceGroups/e2e/providers/Microsoft.DataFactory/factories/${E2E_FACTORY}`;
const EXPERIMENT = 'e2e';
/** A one-step pipeline whose step sleeps (test/fixtures/ml/sleepy), to cancel while it runs. */
const SLEEPY = join(import.meta.dirname, '../test/fixtures/ml/sleepy');

interface RunAnswer {
  readonly Id: string;
  readonly Status: { readonly StatusCode: number; readonly Status: string };
}

let server: E2eServer;
let browser: Browser;
let firstRunId: string;

/** Submits loan-scoring through its endpoint as the admin and waits for the run to end. */
async function runLoanScoring(): Promise<string> {
  const submitted = await server.api<RunAnswer>(
    'POST',
    `${WORKSPACE}/PipelineRuns/PipelineEndpointSubmit/Name?name=loan-scoring`,
    { ExperimentName: EXPERIMENT, ParameterAssignments: { threshold: '0.1' } },
  );
  // The server's long poll answers as soon as the status changes.
  let run = submitted;
  for (let wait = 0; wait < 10 && run.Status.StatusCode <= 1; wait++) {
    run = await server.api<RunAnswer>(
      'GET',
      `${WORKSPACE}/PipelineRuns/${submitted.Id}?waitWhileStatus=${run.Status.Status}&waitSeconds=10`,
    );
  }
  expect(run.Status.Status).toBe('Completed');
  return submitted.Id;
}

async function signedInPage(path: string): Promise<Page> {
  const context = await newContext(browser, server.origin);
  const page = await context.newPage();
  await signInAs(page, server.admin, path);
  return page;
}

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  firstRunId = await runLoanScoring();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the ML workspace in the browser', () => {
  it('lists the published pipeline, shows its interface and steps, submits a run of it, and shows its endpoint’s versions', async () => {
    const page = await signedInPage('/ml/pipelines');
    await page.getByRole('link', { name: 'loan-scoring', exact: true }).first().click();
    await page.getByRole('heading', { name: /loan-scoring version 1/ }).waitFor();
    const parameters = page.getByRole('region', { name: 'Parameters' });
    await expect(
      parameters.getByRole('row', { name: /threshold Double 0\.1/ }).count(),
    ).resolves.toBe(1);
    const dataPaths = page.getByRole('region', { name: 'Data path parameters' });
    await dataPaths.getByText('workspaceblobstore/examples/loan-scoring/loans.csv').waitFor();
    const steps = page.getByRole('group', { name: 'Steps of loan-scoring' });
    await steps.getByLabel(/^Step prepare/).waitFor();
    await steps.getByLabel(/^Step score/).waitFor();
    await page
      .getByRole('region', { name: 'Recent runs' })
      .getByRole('link', { name: `Run ${firstRunId}` })
      .waitFor();
    await screenshot(page, 'ml-pipeline');

    // Submit run: a dialog that Escape closes; submitting opens the new run's page.
    await page.getByRole('button', { name: 'Submit run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Submit a run of loan-scoring' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Submit run' }).click();
    await dialog.getByLabel('Experiment').fill('from-the-ui');
    await dialog.getByLabel(/^threshold/).fill('0.2');
    await screenshot(page, 'ml-submit-dialog');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/ml\/runs\/[0-9a-f-]{36}$/);
    const facts = page.getByRole('group', { name: 'Run facts' });
    await facts.getByRole('link', { name: 'from-the-ui' }).waitFor();
    await expect(facts.getByText('UI', { exact: true }).count()).resolves.toBe(1);
    await page
      .getByRole('region', { name: 'Parameters' })
      .getByRole('row', { name: 'threshold 0.2' })
      .waitFor();

    await page.getByRole('link', { name: 'Pipeline endpoints' }).click();
    await page.getByRole('heading', { name: 'Pipeline endpoints' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'loan-scoring' }).click();
    const versions = page.getByRole('region', { name: 'Versions' });
    const defaultRow = versions.getByRole('row', { name: /Default/ });
    await defaultRow.waitFor();
    await expect(defaultRow.textContent()).resolves.toMatch(/^0\s*Default/);
    await expect(defaultRow.getByRole('link', { name: 'loan-scoring' }).count()).resolves.toBe(1);
    await screenshot(page, 'ml-endpoint');
    await page.context().close();
  }, 60_000);

  it('lists the experiment, its runs, and the run’s step graph, logs, metrics and outputs', async () => {
    const page = await signedInPage('/ml/experiments');
    const row = page.getByRole('row', { name: new RegExp(`^${EXPERIMENT}\\b`) });
    await row.waitFor();
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('1');
    await screenshot(page, 'ml-experiments');
    await row.getByRole('link', { name: EXPERIMENT, exact: true }).click();
    await page.getByRole('heading', { name: `Experiment ${EXPERIMENT}` }).waitFor();
    await screenshot(page, 'ml-experiment');
    await page.getByRole('link', { name: `Run ${firstRunId}` }).click();

    await page.waitForURL(`**/ml/runs/${firstRunId}`);
    const graph = page.getByRole('group', { name: /^Steps of run/ });
    const prepare = graph.getByRole('button', { name: /^Step prepare: Completed/ });
    const score = graph.getByRole('button', { name: /^Step score: Completed/ });
    await prepare.waitFor();
    await score.waitFor();
    const facts = page.getByRole('group', { name: 'Run facts' });
    await expect(
      facts.getByRole('link', { name: 'loan-scoring' }).first().getAttribute('href'),
    ).resolves.toMatch(/^\/ml\/pipelines\//);
    await screenshot(page, 'ml-run');

    // By keyboard: a step is a button; the tabs move with the arrow keys.
    await prepare.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Step prepare' });
    const logsTab = panel.getByRole('tab', { name: 'Logs' });
    await expect(logsTab.getAttribute('aria-selected')).resolves.toBe('true');
    await panel
      .getByLabel('prepare stdout')
      .getByText(/prepared 300 loans/)
      .waitFor();
    await screenshot(page, 'ml-run-step-logs');
    await logsTab.focus();
    await page.keyboard.press('ArrowRight');
    await panel.getByRole('tab', { name: /Metrics/, selected: true }).waitFor();
    await expect(page.locator(':focus').textContent()).resolves.toMatch(/^Metrics/);
    await panel.getByRole('row', { name: /^bad_rate/ }).waitFor();

    await score.click();
    const scorePanel = page.getByRole('complementary', { name: 'Step score' });
    await scorePanel.getByRole('tab', { name: /Metrics/ }).click();
    const auc = scorePanel.getByRole('row', { name: /roc_auc/ });
    await expect(auc.getByRole('cell').first().textContent()).resolves.toMatch(/^0\.\d+$/);
    await screenshot(page, 'ml-run-step-metrics');

    await scorePanel.getByRole('tab', { name: 'Outputs' }).click();
    const output = scorePanel.getByRole('row', { name: /^scores workspaceblobstore/ });
    await expect(output.textContent()).resolves.toMatch(/azureml\/.+\/scores/);
    await expect(page.url()).toMatch(/\?step=score&tab=outputs$/);
    await screenshot(page, 'ml-run-step-outputs');
    await page.context().close();
  }, 60_000);

  it('marks the steps an identical second run reused, links to the run they came from, and charts a metric across runs', async () => {
    const secondRunId = await runLoanScoring();
    const page = await signedInPage(`/ml/runs/${secondRunId}`);
    const graph = page.getByRole('group', { name: /^Steps of run/ });
    const prepare = graph.getByRole('button', { name: /^Step prepare: Completed, reused/ });
    await prepare.waitFor();
    await expect(prepare.getByText('Reused').count()).resolves.toBe(1);
    await prepare.click();
    const panel = page.getByRole('complementary', { name: 'Step prepare' });
    const from = panel.getByRole('link', { name: firstRunId.slice(0, 8) });
    await expect(from.getAttribute('href')).resolves.toBe(`/ml/runs/${firstRunId}?step=prepare`);
    await screenshot(page, 'ml-run-reused');

    await graph.getByRole('button', { name: /^Step score/ }).click();
    const scorePanel = page.getByRole('complementary', { name: 'Step score' });
    await scorePanel.getByRole('tab', { name: /Metrics/ }).click();
    await scorePanel
      .getByRole('img', { name: /^roc_auc in the last 2 runs/ })
      .locator('svg')
      .waitFor();
    await scorePanel.getByLabel('Chart across runs').selectOption('roc_auc');
    const chart = scorePanel.getByRole('figure', { name: 'roc_auc across runs' });
    await chart.locator('svg.recharts-surface').waitFor();
    await expect(chart.locator('.recharts-line-curve').count()).resolves.toBe(1);
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, 'ml-run-metric-chart');
    await page.context().close();
  }, 90_000);

  it('opens the factory activity’s runUrl signed out: sign in, back to the run, which links to the factory run', async () => {
    const { runId: factoryRunId } = await server.api<{ runId: string }>(
      'POST',
      `${FACTORY}/pipelines/ScoreLoans/createRun`,
      {},
    );
    await expect
      .poll(
        async () =>
          (await server.api<{ status: string }>('GET', `${FACTORY}/pipelineruns/${factoryRunId}`))
            .status,
        { timeout: 60_000, interval: 250 },
      )
      .toBe('Succeeded');
    const activities = await server.api<{
      value: { activityName: string; output: { runUrl: string; runId: string } }[];
    }>('POST', `${FACTORY}/pipelineruns/${factoryRunId}/queryActivityruns`, {
      lastUpdatedAfter: '2000-01-01T00:00:00Z',
      lastUpdatedBefore: '2100-01-01T00:00:00Z',
    });
    const ml = activities.value.find((activity) => activity.activityName === 'ScoreWithMl');
    const runUrl = ml?.output.runUrl ?? '';
    expect(new URL(runUrl).pathname).toBe(`/ml/runs/${ml?.output.runId}`);

    const context = await newContext(browser, server.origin);
    const page = await context.newPage();
    await page.goto(runUrl);
    await page.waitForURL(/\/sign-in\?next=%2Fml%2Fruns%2F/);
    await screenshot(page, 'ml-run-sign-in');
    await signInAs(page, server.admin, page.url());
    await page.waitForURL(`**${new URL(runUrl).pathname}`);
    const factoryLink = page.getByRole('definition').getByRole('link', { name: factoryRunId });
    await expect(factoryLink.getAttribute('href')).resolves.toBe(
      `/factories/${E2E_FACTORY}/runs/${factoryRunId}`,
    );
    await page
      .getByRole('group', { name: /^Steps of run/ })
      .getByRole('button', { name: /^Step score/ })
      .waitFor();
    await screenshot(page, 'ml-run-from-factory');
    await context.close();
  }, 90_000);

  it('follows a running run live and cancels it from its page', async () => {
    const published = await server.api<{ Id: string }>('POST', `${WORKSPACE}/Pipelines`, {
      Name: 'sleepy',
      Definition: await readFile(join(SLEEPY, 'pipeline.yml'), 'utf8'),
      Files: { 'src/nap.mjs': (await readFile(join(SLEEPY, 'src/nap.mjs'))).toString('base64') },
    });
    const run = await server.api<RunAnswer>(
      'POST',
      `${WORKSPACE}/PipelineRuns/PipelineSubmit/${published.Id}`,
      { ExperimentName: 'naps', ParameterAssignments: { seconds: '120' } },
    );
    const page = await signedInPage(`/ml/runs/${run.Id}?step=nap`);
    const graph = page.getByRole('group', { name: /^Steps of run/ });
    // The page follows the run by itself: queued, then running with its log so far.
    await graph.getByRole('button', { name: /^Step nap: Running/ }).waitFor();
    await page
      .getByLabel('nap stdout')
      .getByText(/^pid \d+/)
      .waitFor();
    await screenshot(page, 'ml-run-running');

    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the run' }).click();
    const heading = page.getByRole('heading', { level: 1 });
    await heading.getByText('Canceled', { exact: true }).waitFor();
    await graph.getByRole('button', { name: /^Step nap: Canceled/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Cancel run' }).count()).resolves.toBe(0);
    await screenshot(page, 'ml-run-canceled');
    await page.context().close();
  }, 90_000);
});
