/** Runs the examples of docs/step-protocol.md and checks its numbers, so the guide cannot rot. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommandStep } from '../../src/ml/steps/command-step-runner.js';
import type { CommandStepResult } from '../../src/ml/steps/step-launch.js';
import {
  MAX_METRIC_VALUES,
  MAX_PROTOCOL_LINE_BYTES,
  MAX_PROTOCOL_NAME_LENGTH,
  MAX_TAG_NAMES,
  StdoutLineSplitter,
  StepProtocolRecorder,
} from '../../src/ml/steps/step-protocol.js';

const doc = readFileSync(new URL('../../docs/step-protocol.md', import.meta.url), 'utf8');
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/** The text of a `## heading` section, up to the next one. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`docs/step-protocol.md has no section "${heading}"`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

/** The first fenced block of `language` in a section. */
function codeBlock(heading: string, language: string): string {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section(heading));
  if (match?.[1] === undefined) throw new Error(`no ${language} block under "${heading}"`);
  return match[1];
}

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'millrace-protocol-doc-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function runExample(fileName: string, source: string, command: string) {
  const [code, work, logs] = ['code', 'work', 'logs'].map((name) => join(base, name)) as [
    string,
    string,
    string,
  ];
  await Promise.all([mkdir(code), mkdir(work), mkdir(logs)]);
  await writeFile(join(code, fileName), source);
  return runCommandStep({
    stepRunId: 'doc-example',
    stepName: 'train',
    workingFolder: work,
    codeFolder: code,
    logFolder: logs,
    environment: { MILLRACE_STEP_NAME: 'train' },
    signal: new AbortController().signal,
    command,
  });
}

/** What the doc says either example records. */
function expectDocumentedResult(result: CommandStepResult): void {
  expect(result).toMatchObject({
    outcome: 'succeeded',
    failure: null,
    tags: { model: 'gradient-boosting', step: 'train' },
  });
  expect(result.metrics.map(({ name, value }) => [name, value])).toEqual([
    ['loss', 0.9],
    ['loss', 0.5],
    ['loss', 0.3],
    ['converged', true],
  ]);
}

describe('docs/step-protocol.md', () => {
  it('Node example records what the doc says', async () => {
    const source = codeBlock('Node example', 'js');
    expectDocumentedResult(
      await runExample('train.mjs', source, `${JSON.stringify(process.execPath)} train.mjs`),
    );
  });

  it('Python example records what the doc says (where python3 exists)', async () => {
    const source = codeBlock('Python example', 'python');
    if (HAS_PYTHON) {
      expectDocumentedResult(await runExample('train.py', source, 'python3 train.py'));
    } else {
      // Without python3 the example cannot run; it must at least print flushed protocol lines.
      expect(source).toContain('print("##millrace " + json.dumps(entry), flush=True)');
    }
  });

  it('lists exactly the environment variables the orchestrator sets', () => {
    const tableRows = section('Environment')
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .join('\n');
    const names = [...tableRows.matchAll(/`(MILLRACE_[A-Z_<>]+)`/g)].map((match) => match[1]);
    expect(names).toEqual([
      'MILLRACE_RUN_ID',
      'MILLRACE_STEP_RUN_ID',
      'MILLRACE_STEP_NAME',
      'MILLRACE_OUTPUT_<NAME>',
      'MILLRACE_INPUT_<NAME>',
    ]);
  });

  it('states the limits the code enforces', () => {
    const limits = section('Limits');
    expect(limits).toContain(`${MAX_PROTOCOL_LINE_BYTES.toLocaleString('en-US')} bytes`);
    expect(limits).toContain(`1 to ${MAX_PROTOCOL_NAME_LENGTH} characters`);
    expect(limits).toContain(`| ${MAX_METRIC_VALUES.toLocaleString('en-US')} `);
    expect(limits).toContain(`| ${MAX_TAG_NAMES.toLocaleString('en-US')} `);
  });

  it('shows the warnings exactly as they are written', () => {
    const shown = codeBlock('Malformed lines', 'text').trimEnd().split('\n');
    const splitter = new StdoutLineSplitter();
    const recorder = new StepProtocolRecorder();
    const stdout = `${'ordinary\n'.repeat(11)}##millrace \n##millrace {"tag": "model", "value": 3}\n`;
    const warnings = splitter.push(stdout).flatMap((line) => recorder.record(line) ?? []);
    expect(warnings).toEqual(shown);
  });
});
