/**
 * The web UI as a user meets it, from the built UI (`npm run build` first) served by the real
 * `millrace server` (examples/loan-scoring loaded) to Debian's Chromium on a laptop viewport:
 *
 * 1. what the browser downloads: the entry script and stylesheet (gzip), and all of dist/web;
 * 2. time from navigation to the page showing what it is for, on a fresh page each sample with
 *    the user's session already in place: the runs list; the pipeline editor with a pipeline of
 *    200 activities (every node drawn); a run of 100 activities (every activity run listed and
 *    its canvas drawn); an ML run's page (its step graph).
 *
 * MILLRACE_BENCH_WEB_SAMPLES sets the samples per page (Default: 7, after 1 warm-up).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext } from '../e2e/support/browser.js';
import { E2E_FACTORY, startE2eServer, type E2eServer } from '../e2e/support/millrace-server.js';
import { signIn } from '../test/server/server-process.js';
import { WEB_UI_FOLDER } from '../src/server/web-ui-routes.js';
import { timingSummary } from './bench-figures.js';
import type { BenchRow } from './engine.bench.js';

const SAMPLES = Number(process.env.MILLRACE_BENCH_WEB_SAMPLES ?? 7);
const FACTORY = `/subscriptions/b/resourceGroups/b/providers/Microsoft.DataFactory/factories/${E2E_FACTORY}`;
const WORKSPACE =
  '/pipelines/v1.0/subscriptions/b/resourceGroups/b/providers/Microsoft.MachineLearningServices/workspaces/b';
const KB = 1024;

/** `count` activities in chains of 10, each after the one before it. */
function chainedActivities(count: number, activity: (name: string) => object): object[] {
  return Array.from({ length: count }, (_, index) => ({
    ...activity(`Step${index}`),
    name: `Step${index}`,
    dependsOn:
      index % 10 === 0
        ? []
        : [{ activity: `Step${index - 1}`, dependencyConditions: ['Succeeded'] }],
  }));
}

async function bundleRows(): Promise<BenchRow[]> {
  const index = await readFile(join(WEB_UI_FOLDER, 'index.html'), 'utf8');
  const entry = [...index.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map(
    (match) => match[1] ?? '',
  );
  const assets = (await readdir(join(WEB_UI_FOLDER, 'assets'))).filter((name) =>
    /\.(js|css)$/.test(name),
  );
  const gzipped = async (names: readonly string[]) => {
    let total = 0;
    for (const name of names) {
      total += gzipSync(await readFile(join(WEB_UI_FOLDER, 'assets', name))).length;
    }
    return `${(total / KB).toFixed(0)} KiB gzip`;
  };
  return [
    { task: `entry script and stylesheet (${entry.length} files)`, value: await gzipped(entry) },
    { task: `every script and stylesheet (${assets.length} files)`, value: await gzipped(assets) },
  ];
}

async function timePage(
  browser: Browser,
  server: E2eServer,
  token: string,
  path: string,
  ready: (page: Page) => Promise<void>,
): Promise<string> {
  const samples: number[] = [];
  for (let round = 0; round <= SAMPLES; round += 1) {
    const context = await newContext(browser, server.origin);
    const session = JSON.stringify({ token, userName: 'admin', expiresAt: Date.now() + 3_600_000 });
    await context.addInitScript({
      content: `sessionStorage.setItem('millrace.session', ${JSON.stringify(session)});`,
    });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(path);
    await ready(page);
    if (round > 0) samples.push(performance.now() - started);
    await context.close();
  }
  return timingSummary(samples);
}

export async function benchWebUi(): Promise<BenchRow[]> {
  const rows = await bundleRows();
  const server = await startE2eServer();
  const browser = await launchBrowser();
  try {
    const token = await signIn(server.origin, server.admin.name, server.admin.password);
    await server.api('PUT', `${FACTORY}/pipelines/Wide`, {
      properties: {
        activities: chainedActivities(200, () => ({
          type: 'Wait',
          typeProperties: { waitTimeInSeconds: 1 },
        })),
      },
    });
    await server.api('PUT', `${FACTORY}/pipelines/Hundred`, {
      properties: {
        variables: { note: { type: 'String' } },
        activities: chainedActivities(100, (name) => ({
          type: 'SetVariable',
          typeProperties: { variableName: 'note', value: name },
        })),
      },
    });
    const { runId } = await server.api<{ runId: string }>(
      'POST',
      `${FACTORY}/pipelines/Hundred/createRun`,
      {},
    );
    const mlRun = await server.api<{ Id: string }>(
      'POST',
      `${WORKSPACE}/PipelineRuns/PipelineEndpointSubmit/Name?name=loan-scoring`,
      { ExperimentName: 'bench' },
    );
    await waitFor(async () => {
      const run = await server.api<{ status: string }>('GET', `${FACTORY}/pipelineruns/${runId}`);
      const ml = await server.api<{ Status: { StatusCode: number } }>(
        'GET',
        `${WORKSPACE}/PipelineRuns/${mlRun.Id}`,
      );
      return run.status === 'Succeeded' && ml.Status.StatusCode === 3;
    });

    const nodes = (page: Page, count: number) =>
      page.waitForFunction(`document.querySelectorAll('.react-flow__node').length >= ${count}`);
    rows.push({
      task: 'runs list: navigation → table shown',
      value: await timePage(browser, server, token, `/factories/${E2E_FACTORY}/runs`, (page) =>
        page.getByRole('link', { name: 'Hundred' }).first().waitFor(),
      ),
    });
    rows.push({
      task: 'pipeline editor, 200 activities: navigation → all drawn',
      value: await timePage(
        browser,
        server,
        token,
        `/factories/${E2E_FACTORY}/pipelines/Wide`,
        (page) => nodes(page, 200).then(() => undefined),
      ),
    });
    rows.push({
      task: 'run of 100 activities: navigation → runs listed, canvas drawn',
      value: await timePage(
        browser,
        server,
        token,
        `/factories/${E2E_FACTORY}/runs/${runId}`,
        async (page) => {
          await page.getByRole('row', { name: /Step99/ }).waitFor();
          await nodes(page, 100);
        },
      ),
    });
    rows.push({
      task: 'ML run page: navigation → step graph shown',
      value: await timePage(browser, server, token, `/ml/runs/${mlRun.Id}`, (page) =>
        page.getByRole('group', { name: /^Steps of run/ }).waitFor(),
      ),
    });
    return rows;
  } finally {
    await browser.close();
    await server.close();
  }
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('The bench runs did not finish in 2 minutes.');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
