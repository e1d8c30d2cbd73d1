/**
 * The whole journey a data engineer makes, in one browser session: sign in, build a new factory
 * pipeline whose Machine Learning Execute Pipeline activity calls a published ML pipeline picked
 * from the dropdown (listed with the user's own token), save it, trigger it, watch it succeed,
 * open the ML run from the activity and come back to the factory run from the ML run. A colleague
 * without `ml/pipelines/read` sees why the list is empty and can still type the id.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot, signInAs } from './support/browser.js';
import {
  E2E_FACTORY,
  startE2eServer,
  type E2eServer,
  type E2eUser,
} from './support/millrace-server.js';

const PIPELINE = `/subscriptions/j/resourceGroups/j/providers/Microsoft.DataFactory/factories/${E2E_FACTORY}/pipelines/NightlyScoring`;
const WORKSPACE =
  '/pipelines/v1.0/subscriptions/j/resourceGroups/j/providers/Microsoft.MachineLearningServices/workspaces/j';

interface StoredPipeline {
  properties: {
    activities: {
      name: string;
      type: string;
      linkedServiceName?: { referenceName: string };
      typeProperties: Record<string, unknown>;
    }[];
  };
}

let server: E2eServer;
let browser: Browser;
let engineer: E2eUser;
let author: E2eUser;
let loanScoringId: string;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  engineer = await server.addUser('engineer', [
    'Factory Author',
    'ML Pipeline Reader',
    'ML Pipeline Submitter',
  ]);
  author = await server.addUser('author', ['Factory Author']);
  const pipelines = await server.api<{ Id: string; Name: string }[]>(
    'GET',
    `${WORKSPACE}/Pipelines`,
  );
  loanScoringId = pipelines.find((pipeline) => pipeline.Name === 'loan-scoring')?.Id ?? '';
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(user: E2eUser, path: string): Promise<Page> {
  const page = await (await newContext(browser, server.origin)).newPage();
  await signInAs(page, user, path);
  return page;
}

/** A new pipeline with one ML activity, its properties panel open. */
async function newPipelineWithMlActivity(page: Page, name: string) {
  await page.getByRole('button', { name: 'New pipeline' }).click();
  const dialog = page.getByRole('dialog', { name: 'New pipeline' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(`**/factories/${E2E_FACTORY}/pipelines/${name}`);
  await page
    .getByRole('button', { name: /Add activity/ })
    .first()
    .click();
  await page
    .getByRole('dialog', { name: 'Add activity' })
    .getByRole('button', { name: 'Machine Learning Execute Pipeline', exact: true })
    .click();
  const panel = page.getByRole('region', { name: /^Properties of Machine Learning Execute/ });
  await panel.getByLabel('Azure ML linked service').selectOption('MillraceMl');
  return panel;
}

describe('a data engineer’s journey', () => {
  it('builds a pipeline calling a published ML pipeline picked from the list, runs it, and follows it into the ML run and back', async () => {
    expect(loanScoringId).not.toBe('');
    const page = await signedIn(engineer, `/factories/${E2E_FACTORY}/pipelines`);
    const panel = await newPipelineWithMlActivity(page, 'NightlyScoring');

    // The dropdown lists the workspace's published pipelines: name, version and id.
    await panel.getByRole('radio', { name: /Published pipeline/ }).check();
    const combobox = panel.getByRole('combobox', { name: 'Published pipeline' });
    await combobox.click();
    const option = panel
      .getByRole('listbox', { name: 'Published pipeline' })
      .getByRole('option', { name: /loan-scoring/ });
    await expect(option.textContent()).resolves.toContain(loanScoringId);
    await screenshot(page, 'journey-pipeline-dropdown');
    await option.click();
    await panel.getByLabel('Chosen pipeline').getByText(loanScoringId, { exact: true }).waitFor();
    // Its parameters make a form; a value typed there is what the activity sends.
    await panel.getByRole('textbox', { name: /^threshold/ }).fill('0.3');
    await panel.getByRole('textbox', { name: /^Experiment name/ }).fill('nightly');
    await screenshot(page, 'journey-parameter-form');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    const stored = await server.api<StoredPipeline>('GET', PIPELINE);
    expect(stored.properties.activities).toHaveLength(1);
    const [activity] = stored.properties.activities;
    expect(activity).toMatchObject({
      type: 'AzureMLExecutePipeline',
      linkedServiceName: { referenceName: 'MillraceMl' },
      typeProperties: {
        mlPipelineId: loanScoringId,
        experimentName: 'nightly',
        mlPipelineParameters: { threshold: 0.3 },
      },
    });

    // Trigger it and watch it succeed.
    await page.getByRole('button', { name: 'Trigger run' }).click();
    await page
      .getByRole('dialog', { name: 'Trigger NightlyScoring' })
      .getByRole('button', { name: 'Run', exact: true })
      .click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    const factoryRunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page
      .getByRole('status', { name: 'Run status' })
      .filter({ hasText: 'Succeeded' })
      .waitFor({ timeout: 120_000 });
    await page.getByRole('row', { name: new RegExp(activity?.name ?? 'Machine') }).click();
    const mlRun = page.getByRole('region', { name: 'ML run' });
    await screenshot(page, 'journey-run-succeeded');

    // From the activity to the ML run it started, and back.
    await mlRun.getByRole('link', { name: 'Open ML run' }).click();
    await page.waitForURL(/\/ml\/runs\/[^/]+$/);
    const mlRunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const recorded = await server.api<{
      RunHistoryExperimentName: string;
      ParameterAssignments?: Record<string, unknown>;
      Tags: Record<string, string>;
    }>('GET', `${WORKSPACE}/PipelineRuns/${mlRunId}`);
    expect(recorded.RunHistoryExperimentName).toBe('nightly');
    expect(recorded.Tags['adfPipelineRunId']).toBe(factoryRunId);
    await page.getByRole('group', { name: /^Steps of run/ }).waitFor();
    await screenshot(page, 'journey-ml-run');
    await page.getByRole('link', { name: factoryRunId }).click();
    await page.waitForURL(`**/factories/${E2E_FACTORY}/runs/${factoryRunId}`);
    await page
      .getByRole('status', { name: 'Run status' })
      .filter({ hasText: 'Succeeded' })
      .waitFor();
    await page.context().close();
  }, 180_000);

  it('tells a colleague without ml/pipelines/read why nothing is listed, and takes the id typed in', async () => {
    const page = await signedIn(author, `/factories/${E2E_FACTORY}/pipelines`);
    const panel = await newPipelineWithMlActivity(page, 'TypedIdScoring');
    await panel.getByRole('radio', { name: /Published pipeline/ }).check();
    const refusal = panel
      .getByRole('alert')
      .filter({ hasText: 'You may not list published ML pipelines' });
    await expect(refusal.textContent()).resolves.toMatch(/ml\/pipelines\/read/);
    await panel.getByRole('textbox', { name: 'Published pipeline id' }).fill(loanScoringId);
    await screenshot(page, 'journey-permission-message');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    const stored = await server.api<StoredPipeline>(
      'GET',
      PIPELINE.replace('NightlyScoring', 'TypedIdScoring'),
    );
    expect(stored.properties.activities[0]?.typeProperties['mlPipelineId']).toBe(loanScoringId);
    await page.context().close();
  }, 60_000);
});
