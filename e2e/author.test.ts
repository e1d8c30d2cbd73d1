/**
 * Authoring a pipeline in the browser as a 'Factory Author': the pipelines list, a new pipeline
 * built on the canvas and in the JSON view (both editing one pipeline), validation problems placed
 * on the node and the field, undo and redo (from the keyboard too), saving, a save conflict, and
 * deleting (refused while another pipeline runs it).
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

let server: E2eServer;
let browser: Browser;
let author: E2eUser;

const PIPELINES = `/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/${E2E_FACTORY}/pipelines`;

interface PipelineJson {
  readonly name: string;
  readonly etag: string;
  readonly properties: {
    readonly description?: string;
    readonly activities: {
      readonly name: string;
      readonly type: string;
      readonly description?: string;
      readonly dependsOn?: { activity: string; dependencyConditions: string[] }[];
      readonly typeProperties?: Record<string, unknown>;
    }[];
    readonly variables?: Record<string, { type: string }>;
  };
}

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  author = await server.addUser('author', ['Factory Author', 'ML Pipeline Reader']);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(path: string): Promise<Page> {
  const context = await newContext(browser, server.origin);
  const page = await context.newPage();
  await signInAs(page, author, path);
  return page;
}

function canvasNode(page: Page, name: string) {
  return page
    .getByRole('region', { name: 'Pipeline canvas' })
    .locator('.react-flow__node')
    .filter({ has: page.getByText(name, { exact: true }) });
}

async function addFromPalette(page: Page, label: string): Promise<void> {
  await page
    .getByRole('button', { name: /Add activity/ })
    .first()
    .click();
  await page
    .getByRole('dialog', { name: 'Add activity' })
    .getByRole('button', { name: label, exact: true })
    .click();
}

describe('authoring a pipeline', () => {
  it('builds a pipeline on the canvas and as JSON, places validation problems, undoes and saves', async () => {
    const page = await openPage(`/factories/${E2E_FACTORY}/pipelines`);
    const table = page.getByRole('table', { name: 'Pipelines' });
    await table.getByRole('link', { name: 'ScoreLoans' }).waitFor();
    await page.getByLabel('Search pipelines').fill('nothing like it');
    await table.getByText('No pipeline matches').waitFor();
    await page.getByLabel('Search pipelines').fill('');
    await screenshot(page, 'author-pipelines');

    // A new pipeline: the name is checked as the server checks it.
    await page.getByRole('button', { name: 'New pipeline' }).click();
    const dialog = page.getByRole('dialog', { name: 'New pipeline' });
    await dialog.getByLabel('Name').fill('Greet.ing');
    await expect(dialog.getByText(/cannot hold/).textContent()).resolves.toMatch(/\./);
    await expect(dialog.getByRole('button', { name: 'Create' }).isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Name').fill('Greeting');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`**/factories/${E2E_FACTORY}/pipelines/Greeting`);
    await expect(server.api<PipelineJson>('GET', `${PIPELINES}/Greeting`)).resolves.toMatchObject({
      properties: { activities: [] },
    });

    // Two activities from the palette, connected and edited in the properties panel.
    await addFromPalette(page, 'Wait');
    await addFromPalette(page, 'Set variable');
    const setPanel = page.getByRole('region', { name: 'Properties of Set variable1' });
    await setPanel.getByLabel('Activity to run after').selectOption('Wait1');
    await setPanel.getByRole('button', { name: 'Add dependency' }).click();
    await setPanel.getByLabel('Description').fill('Stores the greeting');
    await setPanel.getByRole('group', { name: 'Conditions on Wait1' }).waitFor();
    await page.getByText('Unsaved changes').waitFor();
    await screenshot(page, 'author-canvas');

    // The JSON view shows the same pipeline; an edit there shows on the canvas.
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByRole('textbox', { name: 'Pipeline JSON' });
    await json.getByText('"Stores the greeting"').waitFor();
    await json.getByText('"Wait1"').first().dblclick();
    await page.keyboard.type('Pause');
    await page.getByText('Valid JSON.').waitFor();
    await screenshot(page, 'author-json');
    await page.getByRole('tab', { name: 'Canvas' }).click();
    await canvasNode(page, 'Pause').waitFor();
    await expect(canvasNode(page, 'Wait1').count()).resolves.toBe(0);

    // Text that does not parse stays in the JSON view, marked, and leaves the canvas alone.
    await page.getByRole('tab', { name: 'JSON' }).click();
    await json.focus();
    await page.keyboard.type('"');
    await page
      .getByText(/^Line 6, column \d+: .* Changes are applied once the JSON is valid\.$/)
      .waitFor();
    await page.locator('.cm-lintRange-error').first().waitFor();
    await screenshot(page, 'author-json-invalid');
    await page.getByRole('tab', { name: 'Canvas' }).click();
    await canvasNode(page, 'Pause').waitFor();
    await page.getByRole('tab', { name: 'JSON' }).click();
    await json.getByText('"Pause"').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(',');
    await page.getByText('Valid JSON.').waitFor();
    await page.getByRole('tab', { name: 'Canvas' }).click();

    // Validation: Set variable1 now depends on an activity that is gone and sets no variable.
    await page.getByRole('button', { name: 'Validate' }).click();
    const problems = page.getByRole('region', { name: 'Problems' });
    await problems.getByText('Validation: 2 errors').waitFor();
    await expect(
      canvasNode(page, 'Set variable1').getByRole('tooltip', { includeHidden: true }).textContent(),
    ).resolves.toMatch(/'Wait1'/);
    await expect(
      canvasNode(page, 'Pause').getByRole('tooltip', { includeHidden: true }).count(),
    ).resolves.toBe(0);
    await problems.getByRole('button', { name: /^Error in Set variable1: SetVariable/ }).click();
    const variableSelect = setPanel.getByLabel('Variable', { exact: true });
    await expect(
      // The field the problem is about has the focus.
      variableSelect.evaluate((element) => element === element.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await expect(
      setPanel.getByRole('listitem').filter({ hasText: 'Wait1' }).textContent(),
    ).resolves.toMatch(/not an activity of this list/);
    await screenshot(page, 'author-validation');

    // Saving is refused for the same reasons, placed the same way.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await problems.getByText('Save: 2 errors').waitFor();
    await page.getByRole('status').filter({ hasText: 'Not saved: 2 problems to fix' }).waitFor();
    await expect(
      server
        .api<PipelineJson>('GET', `${PIPELINES}/Greeting`)
        .then((stored) => stored.properties.activities),
    ).resolves.toEqual([]);

    // The problem also shows in the JSON text, where it is.
    await problems.getByRole('button', { name: /^Show in JSON: dependsOn/ }).click();
    await page.locator('.cm-lintRange-error').first().waitFor();
    await screenshot(page, 'author-validation-json');
    await page.getByRole('tab', { name: 'Canvas' }).click();

    // Fix: depend on Pause, declare a variable and set it.
    await setPanel.getByRole('button', { name: 'Remove the dependency on Wait1' }).click();
    await setPanel.getByLabel('Activity to run after').selectOption('Pause');
    await setPanel.getByRole('button', { name: 'Add dependency' }).click();
    await setPanel.getByRole('button', { name: '← Pipeline settings' }).click();
    const settings = page.getByRole('region', { name: 'Pipeline settings' });
    await settings.getByRole('button', { name: 'Add variable' }).click();
    await settings.getByLabel('Variable name').fill('greeting');
    await settings.getByLabel('Variable name').press('Enter');
    await canvasNode(page, 'Set variable1').click();
    await variableSelect.selectOption('greeting');

    // Undo and redo: from the keyboard outside text fields, and from the toolbar.
    await page.getByRole('tab', { name: 'Canvas' }).focus();
    await page.keyboard.press('Control+z');
    await expect(variableSelect.inputValue()).resolves.toBe('');
    await page.keyboard.press('Control+Shift+z');
    await expect(variableSelect.inputValue()).resolves.toBe('greeting');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(variableSelect.inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Redo', exact: true }).click();
    await expect(variableSelect.inputValue()).resolves.toBe('greeting');

    await page.getByRole('button', { name: 'Validate' }).click();
    await problems.getByText('No problems: the pipeline is valid.').waitFor();
    await expect(
      canvasNode(page, 'Set variable1').getByRole('tooltip', { includeHidden: true }).count(),
    ).resolves.toBe(0);
    await screenshot(page, 'author-valid');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved at/ })
      .waitFor();
    await expect(page.getByText('Unsaved changes').count()).resolves.toBe(0);
    await screenshot(page, 'author-saved');
    const saved = await server.api<PipelineJson>('GET', `${PIPELINES}/Greeting`);
    expect(saved.properties.variables).toEqual({ greeting: { type: 'String' } });
    expect(saved.properties.activities.map((activity) => activity.name)).toEqual([
      'Pause',
      'Set variable1',
    ]);
    expect(saved.properties.activities[1]).toMatchObject({
      description: 'Stores the greeting',
      dependsOn: [{ activity: 'Pause', dependencyConditions: ['Succeeded'] }],
      typeProperties: { variableName: 'greeting' },
    });
    await page.context().close();
  }, 90_000);

  it('tells the author when someone else saved first, and reloads their version', async () => {
    await server.api('PUT', `${PIPELINES}/Shared`, {
      properties: { description: 'first', activities: [] },
    });
    const page = await openPage(`/factories/${E2E_FACTORY}/pipelines/Shared`);
    const settings = page.getByRole('region', { name: 'Pipeline settings' });
    await expect(settings.getByLabel('Description').inputValue()).resolves.toBe('first');
    await server.api('PUT', `${PIPELINES}/Shared`, {
      properties: { description: 'theirs', activities: [] },
    });
    await settings.getByLabel('Description').fill('mine');
    await page.getByRole('tab', { name: 'Canvas' }).focus();
    await page.keyboard.press('Control+s');
    const conflict = page.getByRole('alert').filter({ hasText: 'Someone else saved' });
    await conflict.waitFor();
    await screenshot(page, 'author-conflict');
    await conflict.getByRole('button', { name: 'Reload their version' }).click();
    await expect.poll(() => settings.getByLabel('Description').inputValue()).toBe('theirs');
    await expect(page.getByText('Unsaved changes').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('debug-runs the unsaved pipeline, and saves before a triggered run', async () => {
    await server.api('PUT', `${PIPELINES}/Runner`, {
      properties: {
        parameters: { seconds: { type: 'Int', defaultValue: 1 } },
        activities: [
          {
            name: 'Pause',
            type: 'Wait',
            typeProperties: {
              waitTimeInSeconds: { value: '@pipeline().parameters.seconds', type: 'Expression' },
            },
          },
        ],
      },
    });
    const page = await openPage(`/factories/${E2E_FACTORY}/pipelines/Runner`);
    const settings = page.getByRole('region', { name: 'Pipeline settings' });
    await settings.getByLabel('Description').fill('unsaved');

    // A debug run runs the editor's pipeline as it is; the editor stays, with a link to the run.
    await page.getByRole('button', { name: 'Debug', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Debug Runner' })
      .getByRole('button', { name: 'Start debug run' })
      .click();
    await page.getByRole('link', { name: 'Open the run' }).waitFor();
    await expect(page.getByText('Unsaved changes').count()).resolves.toBe(1);

    // Leaving with unsaved changes asks first.
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Pipelines' })
      .click();
    const leave = page.getByRole('dialog', { name: 'Unsaved changes' });
    await leave.getByRole('button', { name: 'Stay' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/factories/${E2E_FACTORY}/pipelines/Runner`);

    // A triggered run runs the saved pipeline: the editor offers to save first.
    await page.getByRole('button', { name: 'Trigger run' }).click();
    await page
      .getByRole('dialog', { name: 'Save before running' })
      .getByRole('button', { name: 'Save and run' })
      .click();
    await page
      .getByRole('dialog', { name: 'Trigger Runner' })
      .getByRole('button', { name: 'Run' })
      .click();
    await page.waitForURL(new RegExp(`/factories/${E2E_FACTORY}/runs/[^/]+$`));
    const saved = await server.api<PipelineJson>('GET', `${PIPELINES}/Runner`);
    expect(saved.properties.description).toBe('unsaved');
    await page.context().close();
  });

  it('deletes a pipeline after asking, and shows why a pipeline in use cannot be', async () => {
    await server.api('PUT', `${PIPELINES}/Child`, {
      properties: {
        activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }],
      },
    });
    await server.api('PUT', `${PIPELINES}/Parent`, {
      properties: {
        activities: [
          {
            name: 'RunChild',
            type: 'ExecutePipeline',
            typeProperties: { pipeline: { referenceName: 'Child', type: 'PipelineReference' } },
          },
        ],
      },
    });
    const page = await openPage(`/factories/${E2E_FACTORY}/pipelines`);
    const table = page.getByRole('table', { name: 'Pipelines' });

    await table.getByRole('button', { name: 'Delete Child' }).click();
    const refuse = page.getByRole('dialog', { name: 'Delete pipeline Child' });
    await refuse.getByRole('button', { name: 'Delete' }).click();
    await expect(refuse.getByRole('alert').textContent()).resolves.toMatch(
      /referenced by pipeline 'Parent'/,
    );
    await screenshot(page, 'author-delete-refused');
    await page.keyboard.press('Escape');
    await expect(refuse.count()).resolves.toBe(0);

    await table.getByRole('button', { name: 'Delete Parent' }).click();
    await page
      .getByRole('dialog', { name: 'Delete pipeline Parent' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await table.getByRole('link', { name: 'Parent' }).waitFor({ state: 'detached' });
    await expect(server.api('GET', `${PIPELINES}/Parent`)).rejects.toThrow(/404/);
    await page.context().close();
  });
});
