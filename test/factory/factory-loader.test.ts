import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allActivities } from '../../src/factory/activity-tree.js';
import { loadFactory } from '../../src/factory/factory-loader.js';
import { valueAtPointer } from '../../src/factory/json-pointer.js';
import type { Factory, JsonValue } from '../../src/factory/resources.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/factories/', import.meta.url));
const GIT_FACTORY = join(FIXTURES, 'git-factory');
const ARM_FOLDER = join(FIXTURES, 'arm-template');
const ARM_FILE = join(ARM_FOLDER, 'ARMTemplateForFactory.json');
const SINGLE_PIPELINE = join(FIXTURES, 'single-pipeline.json');

/**
 * A resource as the engine sees it, without where it came from: `source` locations dropped, and
 * the resource JSON reduced to `{ name, properties }` (git files also hold `type`, ARM ones more).
 */
function portable(resources: ReadonlyMap<string, unknown>): unknown {
  const text = JSON.stringify(Object.fromEntries(resources), (key, value: unknown) => {
    if (key === 'source' && isLocation(value)) return undefined;
    if (key === 'json' && isResource(value))
      return { name: value.name, properties: value.properties };
    return value;
  });
  return JSON.parse(text);
}

function isLocation(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'file' in value && 'pointer' in value;
}

function isResource(value: unknown): value is { name: unknown; properties: unknown } {
  return typeof value === 'object' && value !== null && 'name' in value && 'properties' in value;
}

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort();
}

async function expectActivitiesAtTheirPointers(factory: Factory): Promise<number> {
  let checked = 0;
  const files = new Map<string, JsonValue>();
  for (const pipeline of factory.pipelines.values()) {
    for (const activity of allActivities(pipeline.activities)) {
      const { file, pointer } = activity.source;
      if (!files.has(file)) files.set(file, JSON.parse(await readFile(file, 'utf8')) as JsonValue);
      expect(valueAtPointer(files.get(file) ?? null, pointer), `${file}#${pointer}`).toEqual(
        activity.json,
      );
      checked++;
    }
  }
  return checked;
}

describe('loadFactory: the three forms of one factory', () => {
  it('loads the git folder with its factory name and global parameters', async () => {
    const { factory, problems } = await loadFactory(GIT_FACTORY);
    expect(problems).toEqual([]);
    expect(factory.name).toBe('millrace-demo');
    expect(sortedKeys(factory.pipelines)).toEqual(['IngestLoans', 'TrainModel', 'WaitForModel']);
    expect(sortedKeys(factory.linkedServices)).toEqual([
      'KeyVault',
      'LendingStorage',
      'MlWorkspace',
    ]);
    expect(sortedKeys(factory.datasets)).toEqual(['LoansCsv']);
    expect(sortedKeys(factory.triggers)).toEqual(['DailyIngest']);
    expect(factory.globalParameters).toEqual({
      environment: { type: 'String', value: 'dev' },
      maxParallelism: { type: 'Int', value: 4 },
    });
    expect(factory.pipelines.get('IngestLoans')?.source).toEqual({
      file: join(GIT_FACTORY, 'pipeline', 'IngestLoans.json'),
      pointer: '',
    });
  });

  it.each([
    ['folder', ARM_FOLDER],
    ['file', ARM_FILE],
  ])('reads the ARM template (%s) into the same resources', async (_form, path) => {
    const git = await loadFactory(GIT_FACTORY);
    const arm = await loadFactory(path);
    expect(arm.problems).toEqual([]);
    expect(arm.factory.name).toBe('millrace-demo');
    for (const kind of ['pipelines', 'linkedServices', 'datasets', 'triggers'] as const) {
      expect(sortedKeys(arm.factory[kind])).toEqual(sortedKeys(git.factory[kind]));
      for (const name of arm.factory[kind].keys()) {
        expect(portable(new Map([[name, arm.factory[kind].get(name)]])), `${kind} ${name}`).toEqual(
          portable(new Map([[name, git.factory[kind].get(name)]])),
        );
      }
    }
    expect(arm.factory.globalParameters).toEqual(git.factory.globalParameters);
  });

  it('reads a single pipeline file into the same pipeline', async () => {
    const git = await loadFactory(GIT_FACTORY);
    const single = await loadFactory(SINGLE_PIPELINE);
    expect(single.problems).toEqual([]);
    expect(single.factory.name).toBe('single-pipeline');
    expect([...single.factory.pipelines.keys()]).toEqual(['WaitForModel']);
    expect(portable(single.factory.pipelines)).toEqual(
      portable(new Map([['WaitForModel', git.factory.pipelines.get('WaitForModel')]])),
    );
  });

  it('resolves ARM parameters in properties and unescapes [[ literals', async () => {
    const { factory } = await loadFactory(ARM_FILE);
    expect(factory.linkedServices.get('LendingStorage')?.typeProperties.url).toBe(
      'https://lendingdata.dfs.core.windows.net/@{linkedService().container}',
    );
    expect(factory.pipelines.get('TrainModel')?.parameters.bracketedNote).toEqual({
      type: 'String',
      defaultValue: '[experimental]',
    });
  });

  it('points every resource and activity at its place in the ARM file', async () => {
    const { factory } = await loadFactory(ARM_FILE);
    expect(factory.pipelines.get('TrainModel')?.source).toEqual({
      file: ARM_FILE,
      pointer: '/resources/5',
    });
    const notify = allActivities(factory.pipelines.get('TrainModel')?.activities ?? []).find(
      (activity) => activity.name === 'NotifyRelease',
    );
    expect(notify?.source.pointer).toBe(
      '/resources/5/properties/activities/1/typeProperties/cases/0/activities/0',
    );
  });

  it.each([GIT_FACTORY, ARM_FILE, SINGLE_PIPELINE])(
    'every activity of %s is found at its pointer',
    async (path) => {
      const { factory } = await loadFactory(path);
      expect(await expectActivitiesAtTheirPointers(factory)).toBeGreaterThan(3);
    },
  );
});

describe('loadFactory: what it cannot read becomes problems', () => {
  let scratch = '';
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'millrace-factory-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reports a path that does not exist', async () => {
    const missing = join(scratch, 'nowhere');
    const { factory, problems } = await loadFactory(missing);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'FACTORY_UNREADABLE_PATH',
        file: missing,
        pointer: '',
        severity: 'error',
      }),
    ]);
    expect(factory.pipelines.size).toBe(0);
  });

  it('reports a folder that is no factory and a file that is no pipeline', async () => {
    const empty = join(scratch, 'empty');
    await mkdir(empty);
    const dataset = join(GIT_FACTORY, 'dataset', 'LoansCsv.json');
    expect((await loadFactory(empty)).problems.map((problem) => problem.code)).toEqual([
      'FACTORY_UNKNOWN_FORMAT',
    ]);
    expect((await loadFactory(dataset)).problems).toEqual([
      expect.objectContaining({ code: 'FACTORY_UNKNOWN_FORMAT', file: dataset }),
    ]);
  });

  it('reports a file that is not JSON, and reads one that starts with a byte-order mark', async () => {
    const broken = join(scratch, 'broken.json');
    await writeFile(broken, '{ "name": ');
    const { problems } = await loadFactory(broken);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'FACTORY_INVALID_JSON', file: broken }),
    ]);

    const withBom = join(scratch, 'Bom.json');
    await writeFile(
      withBom,
      `\uFEFF${JSON.stringify({ name: 'Bom', properties: { activities: [] } })}`,
    );
    const loaded = await loadFactory(withBom);
    expect(loaded.problems).toEqual([]);
    expect([...loaded.factory.pipelines.keys()]).toEqual(['Bom']);
  });

  it('skips ARM resources whose names cannot be resolved and keeps the rest', async () => {
    const file = join(FIXTURES, 'broken-arm-template.json');
    const { factory, problems } = await loadFactory(file);
    expect(problems.map((problem) => [problem.code, problem.pointer])).toEqual([
      ['FACTORY_UNRESOLVED_ARM_EXPRESSION', '/resources/0/name'],
      ['FACTORY_UNRESOLVED_ARM_EXPRESSION', '/resources/1/name'],
      ['FACTORY_UNRESOLVED_ARM_EXPRESSION', '/resources/2/name'],
    ]);
    expect(problems[0]?.message).toContain("the parameter 'suffix' has no defaultValue");
    expect(problems[1]?.message).toContain('format() is not supported');
    expect(factory.name).toBe('arm-broken');
    expect([...factory.pipelines.keys()]).toEqual(['Fine']);
    expect(factory.linkedServices.get('Storage')?.typeProperties.connectionString).toBe(
      "[parameters('Storage_connectionString')]",
    );
  });
});
