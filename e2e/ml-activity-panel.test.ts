/**
 * The Machine Learning Execute Pipeline panel with the signed-in user's own permissions: a user
 * who may list ML pipelines picks one from the list and gets its parameter form; a user who may
 * not is told which permission is missing and types the id; expressions are checked as typed.
 * Then browsing linked services (Test connection) and datasets.
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

const FACTORY_PATH = `/subscriptions/e2e/resourceGroups/e2e/providers/Microsoft.DataFactory/factories/${E2E_FACTORY}`;
const WORKSPACE_PATH =
  '/pipelines/v1.0/subscriptions/e2e/resourceGroups/e2e/providers/Microsoft.MachineLearningServices/workspaces/e2e';
const EDITOR = `/factories/${E2E_FACTORY}/pipelines/ScoreLoans`;
const SECRET = 'c2VjcmV0LWFjY291bnQta2V5';

let server: E2eServer;
let browser: Browser;
let mlReader: E2eUser;
let factoryAuthor: E2eUser;
let loanScoringId: string;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  mlReader = await server.addUser('ml-reader', ['Factory Author', 'ML Pipeline Reader']);
  factoryAuthor = await server.addUser('factory-author', ['Factory Author']);
  const pipelines = await server.api<{ Id: string; Name: string }[]>(
    'GET',
    `${WORKSPACE_PATH}/Pipelines`,
  );
  loanScoringId = pipelines.find((pipeline) => pipeline.Name === 'loan-scoring')?.Id ?? '';
  await server.api('PUT', `${FACTORY_PATH}/linkedservices/LoanBlobs`, {
    properties: {
      type: 'AzureBlobStorage',
      description: 'Where the loan files land.',
      typeProperties: {
        connectionString: {
          type: 'SecureString',
          value: `DefaultEndpointsProtocol=https;AccountName=loans;AccountKey=${SECRET}`,
        },
      },
    },
  });
  await server.api('PUT', `${FACTORY_PATH}/datasets/LoanApplications`, {
    properties: {
      type: 'DelimitedText',
      description: 'The day’s loan applications.',
      linkedServiceName: { referenceName: 'LoanBlobs', type: 'LinkedServiceReference' },
      typeProperties: {
        location: { type: 'AzureBlobStorageLocation', container: 'loans', fileName: 'loans.csv' },
        columnDelimiter: ',',
        firstRowAsHeader: true,
      },
    },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(user: E2eUser, path: string): Promise<Page> {
  const context = await newContext(browser, server.origin);
  const page = await context.newPage();
  await signInAs(page, user, path);
  return page;
}

/** Opens the loan-scoring pipeline and selects its ML activity; answers the properties panel. */
async function openMlActivity(user: E2eUser) {
  const page = await openPage(user, EDITOR);
  await page
    .getByRole('region', { name: 'Pipeline canvas' })
    .locator('.react-flow__node')
    .filter({ has: page.getByText('ScoreWithMl', { exact: true }) })
    .click();
  const panel = page.getByRole('region', { name: 'Properties of ScoreWithMl' });
  await panel.getByRole('heading', { name: 'ML pipeline' }).scrollIntoViewIfNeeded();
  return { page, panel };
}

describe('the ML activity panel', () => {
  it('tells a user who may not list pipelines which permission is missing, and takes a typed id', async () => {
    const { page, panel } = await openMlActivity(factoryAuthor);
    const refusal = panel
      .getByRole('alert')
      .filter({ hasText: 'You may not list pipeline endpoints' });
    await expect(refusal.textContent()).resolves.toMatch(
      /ml\/pipelines\/read \(role ML Pipeline Reader/,
    );
    await expect(
      panel.getByRole('textbox', { name: 'Pipeline endpoint name' }).textContent(),
    ).resolves.toBe('loan-scoring');

    await panel.getByRole('radio', { name: /Published pipeline/ }).check();
    await panel
      .getByRole('alert')
      .filter({ hasText: 'You may not list published ML pipelines' })
      .getByText('Type the pipeline id instead.')
      .waitFor();
    const id = panel.getByRole('textbox', { name: 'Published pipeline id' });
    await id.fill(loanScoringId);
    await panel.getByText(/cannot be listed without the permission to read ML pipelines/).waitFor();
    // The assignments stay editable by name.
    await panel.getByRole('textbox', { name: 'run_label' }).waitFor();
    await screenshot(page, 'ml-activity-panel-permission-refused');
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page
      .getByRole('textbox', { name: 'Pipeline JSON' })
      .getByText(`"${loanScoringId}"`)
      .waitFor();
    await page.context().close();
  });

  it('lists the published pipelines to a user who may read them and builds the parameter form', async () => {
    expect(loanScoringId).not.toBe('');
    const { page, panel } = await openMlActivity(mlReader);
    // The example names the endpoint by name: its versions and parameters load at once.
    await expect(
      panel.getByRole('combobox', { name: 'Pipeline endpoint' }).inputValue(),
    ).resolves.toBe('loan-scoring');
    await panel
      .getByLabel('Endpoint version')
      .getByRole('option', { name: /^0 \(default\)/ })
      .waitFor({ state: 'attached' });

    await panel.getByRole('radio', { name: /Published pipeline/ }).check();
    const combobox = panel.getByRole('combobox', { name: 'Published pipeline' });
    await combobox.fill('');
    await combobox.pressSequentially('loan');
    const list = panel.getByRole('listbox', { name: 'Published pipeline' });
    const option = list.getByRole('option', { name: /loan-scoring/ });
    await expect(option.textContent()).resolves.toMatch(
      new RegExp(`loan-scoring.*version 1.*${loanScoringId}`),
    );
    await screenshot(page, 'ml-activity-panel-pipeline-list');
    await combobox.press('ArrowDown');
    await combobox.press('Enter');
    await expect(option.isHidden()).resolves.toBe(true);
    await expect(combobox.inputValue()).resolves.toBe('loan-scoring');
    await panel.getByLabel('Chosen pipeline').getByText(loanScoringId, { exact: true }).waitFor();

    // The form: one field per parameter with its type, the defaults as placeholders.
    const threshold = panel.getByRole('textbox', { name: 'threshold (Double)' });
    await expect(threshold.textContent()).resolves.toBe('@string(pipeline().parameters.threshold)');
    await threshold.fill('');
    await panel.getByText('default: 0.1', { exact: true }).waitFor();
    await threshold.fill('0.25');
    await panel.getByRole('textbox', { name: 'run_label (String)' }).waitFor();
    await panel
      .getByRole('textbox', { name: 'loans datastore' })
      .getByText('workspaceblobstore')
      .waitFor();
    await threshold.evaluate((field) => field.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'ml-activity-panel-parameter-form');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at/).waitFor();
    const saved = await server.api<{
      properties: { activities: { name: string; typeProperties: Record<string, unknown> }[] };
    }>('GET', `${FACTORY_PATH}/pipelines/ScoreLoans`);
    const typeProperties = saved.properties.activities.find(
      (activity) => activity.name === 'ScoreWithMl',
    )?.typeProperties;
    expect(typeProperties?.['mlPipelineId']).toBe(loanScoringId);
    expect(typeProperties).not.toHaveProperty('mlPipelineEndpointName');
    expect(typeProperties?.['mlPipelineParameters']).toEqual({
      threshold: 0.25,
      run_label: { value: '@pipeline().RunId', type: 'Expression' },
    });
    await page.context().close();
  });

  it('shows where an expression is wrong, as it is typed', async () => {
    const { page, panel } = await openMlActivity(mlReader);
    const experiment = panel.getByRole('textbox', { name: 'Experiment name' });
    await experiment.scrollIntoViewIfNeeded();
    await experiment.fill("@concat('loan-scoring-' pipeline().parameters.batch)");
    const message = panel.getByText(
      /Expected "," or "\)" in the arguments of "concat".*\(at column 25\)/,
    );
    await message.waitFor();
    await expect(experiment.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(panel.locator('.cm-lintRange-error').textContent()).resolves.toBe('p');
    await screenshot(page, 'ml-activity-panel-expression-error');

    await experiment.fill("@concat('loan-scoring-', pipeline().parameters.batch)");
    await expect(message.isHidden()).resolves.toBe(true);
    await experiment.fill('@toUpperCase(pipeline().RunId)');
    await panel
      .getByText(/The function 'toUpperCase' is not a built-in function.*\(at column 2\)/)
      .waitFor();

    // Completion offers the built-in functions with their signature.
    await experiment.fill('');
    await experiment.pressSequentially('@toUp');
    const completion = page.getByRole('listbox').getByRole('option', { name: /toUpper/ });
    await expect(completion.textContent()).resolves.toContain('toUpper(text: string): String');
    await screenshot(page, 'ml-activity-panel-expression-completion');
    // CodeMirror ignores keys for a moment after the list (re)opens (its interactionDelay): on a
    // loaded machine an Enter can land in it, so Enter again while nothing was accepted yet.
    await expect
      .poll(async () => {
        const text = await experiment.textContent();
        if (text === '@toUp' && (await completion.isVisible())) await experiment.press('Enter');
        return text;
      })
      .toBe('@toUpper(');
    await page.context().close();
  });
});

describe('linked services and datasets', () => {
  it('lists linked services and tests the ML connection, showing success and the coded failure', async () => {
    const page = await openPage(mlReader, `/factories/${E2E_FACTORY}/linkedservices`);
    const table = page.getByRole('table', { name: 'Linked services' });
    await table.getByRole('row', { name: /LoanBlobs.*Azure Blob Storage/ }).waitFor();
    await table.getByRole('link', { name: 'MillraceMl' }).click();
    await page.getByRole('heading', { name: 'MillraceMl', level: 1 }).waitFor();
    await page.getByText('Pipeline ScoreLoans, activity ScoreWithMl').waitFor();

    await page.getByRole('button', { name: 'Test connection' }).click();
    const success = page.getByRole('status').filter({ hasText: 'Connection successful.' });
    await expect(success.textContent()).resolves.toMatch(
      /workspace 'millrace'.*ml\/pipelines\/read/,
    );
    await screenshot(page, 'ml-activity-panel-test-connection');

    await page.getByLabel('Parameter endpoint').fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Connection failed' });
    await expect(failure.textContent()).resolves.toMatch(/Connection failed \(error \d{4}\)\./);
    await screenshot(page, 'ml-activity-panel-test-connection-failed');

    await page.goto(`/factories/${E2E_FACTORY}/linkedservices/LoanBlobs`);
    const json = page.getByRole('textbox', { name: 'JSON of linked service LoanBlobs' });
    await json.getByText('"**********"').waitFor();
    await expect(page.content()).resolves.not.toContain(SECRET);
    await expect(page.getByRole('button', { name: 'Test connection' }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('lists datasets and shows one with its linked service', async () => {
    const page = await openPage(mlReader, `/factories/${E2E_FACTORY}/datasets`);
    const table = page.getByRole('table', { name: 'Datasets' });
    await table.getByRole('row', { name: /LoanApplications.*DelimitedText.*LoanBlobs/ }).waitFor();
    await page.getByLabel('Search datasets').fill('nothing like it');
    await table.getByText('No dataset matches').waitFor();
    await page.getByLabel('Search datasets').fill('loan');
    await table.getByRole('link', { name: 'LoanApplications' }).click();
    await page
      .getByRole('textbox', { name: 'JSON of dataset LoanApplications' })
      .getByText('"AzureBlobStorageLocation"')
      .waitFor();
    await screenshot(page, 'ml-activity-panel-dataset');
    await page.getByRole('link', { name: 'LoanBlobs' }).click();
    await page.getByRole('heading', { name: 'LoanBlobs', level: 1 }).waitFor();
    await page.getByText('Dataset LoanApplications').waitFor();
    await page.context().close();
  });
});
