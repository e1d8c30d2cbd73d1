import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MILLRACE = fileURLToPath(new URL('../../bin/millrace', import.meta.url));
/** Commands run from here so that the files they name are short and stable. */
const FIXTURES = fileURLToPath(new URL('../fixtures/factories/', import.meta.url));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `bin/millrace` (the compiled dist/: `npm test` builds first). */
async function millrace(args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(MILLRACE, args, { cwd: FIXTURES, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface JsonReport {
  readonly valid: boolean;
  readonly factory: string;
  readonly problems: readonly { code: string; severity: string; file: string; pointer: string }[];
  readonly resources: Record<string, readonly string[]>;
}

describe('millrace validate', () => {
  it('exits 0 for a valid factory, listing the warnings and a summary', async () => {
    const outcome = await millrace(['validate', 'git-factory']);
    const notExecutable = (file: string, pointer: string, activity: string, type: string) =>
      `git-factory/pipeline/${file}#${pointer}: warning FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE Activity '${activity}' is of type ${type}, which Millrace cannot run yet: the pipeline loads and validates; a run that reaches this activity fails with a clear error.\n`;
    expect(outcome).toEqual({
      code: 0,
      stdout:
        notExecutable(
          'IngestLoans.json',
          '/properties/activities/0/type',
          'ListFiles',
          'GetMetadata',
        ) +
        notExecutable(
          'IngestLoans.json',
          '/properties/activities/2/typeProperties/activities/0/type',
          'CopyFile',
          'Copy',
        ) +
        '\n' +
        '0 errors, 2 warnings in 3 pipelines, 3 linked services, 1 dataset, 1 trigger (factory millrace-demo).\n',
      stderr: '',
    });
  });

  it('exits 2 for a factory with errors, one line per problem grouped by file', async () => {
    const outcome = await millrace(['validate', 'broken-factory']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe('');
    const lines = outcome.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(
      '53 errors, 1 warning in 1 pipeline, 3 linked services, 1 dataset, 1 trigger (factory broken-factory).',
    );
    expect(lines).toContain(
      "broken-factory/pipeline/Broken.json#/properties/activities/3/dependsOn/0/activity: error FACTORY_UNKNOWN_DEPENDENCY dependsOn names 'Ghost', which is not an activity of this list: the activities of this list are 'Bad.Name', 'MysteryStep', 'CopyLater', 'WaitOnGhost', 'LoopA', 'LoopB', 'ForEachWithoutItems', 'IfWithoutExpression', 'SwitchWithoutOn', 'UntilForever' and 12 more.",
    );
    expect(lines).toContain(
      "broken-factory/pipeline/Duplicate.json#/name: error FACTORY_DUPLICATE_RESOURCE_NAME A pipeline named 'Broken' is already defined in broken-factory/pipeline/Broken.json; resource names ignore case, so rename one of them.",
    );
    const files = lines
      .filter((line) => line !== '')
      .slice(0, -1)
      .map((line) => line.split(/[#:]/)[0]);
    const groups = files.filter((file, index) => file !== files[index - 1]);
    expect(groups).toEqual([...new Set(files)]);
  });

  it('prints a JSON report with --json', async () => {
    const broken = await millrace(['validate', 'broken-factory', '--json']);
    expect(broken.code).toBe(2);
    const report = JSON.parse(broken.stdout) as JsonReport;
    expect(report).toMatchObject({
      valid: false,
      factory: 'broken-factory',
      resources: {
        pipelines: ['Broken'],
        linkedServices: ['Storage', 'Untyped', 'Vault'],
        datasets: ['Orphan'],
        triggers: ['Nightly'],
      },
    });
    expect(report.problems).toHaveLength(54);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'FACTORY_INVALID_EXPRESSION',
        file: 'broken-factory/trigger/Nightly.json',
        pointer: '/properties/pipelines/0/parameters/day',
        expression: { line: 1, column: 10, offset: 9 },
      }),
    );

    const valid = await millrace(['validate', 'arm-template', '--json']);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({
      valid: true,
      factory: 'millrace-demo',
      resources: {
        pipelines: ['WaitForModel', 'TrainModel', 'IngestLoans'],
        linkedServices: ['KeyVault', 'MlWorkspace', 'LendingStorage'],
        datasets: ['LoansCsv'],
        triggers: ['DailyIngest'],
      },
    });
  });

  it('validates a single pipeline file', async () => {
    expect(await millrace(['validate', 'single-pipeline.json'])).toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings in 1 pipeline (factory single-pipeline).\n',
      stderr: '',
    });
  });

  it('exits 2 for a path it cannot read', async () => {
    const outcome = await millrace(['validate', 'no-such-factory']);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe(
      'no-such-factory: error FACTORY_UNREADABLE_PATH Cannot read no-such-factory (ENOENT); give the path of an ADF git folder, a pipeline JSON file or an ARM template.\n\n' +
        '1 error, 0 warnings in 0 pipelines (factory no-such-factory).\n',
    );
  });
});
