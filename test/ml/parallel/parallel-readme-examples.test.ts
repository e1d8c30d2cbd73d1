/**
 * The entry-script examples of src/ml/steps/parallel/README.md, run as written, so they cannot rot.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runParallelStep } from '../../../src/ml/steps/parallel/parallel-step-runner.js';
import { createSandbox, runningChildrenOf, type Sandbox } from './parallel-sandbox.js';

const README = fileURLToPath(new URL('../../../src/ml/steps/parallel/README.md', import.meta.url));

/** The fenced block of `language` whose first line names `fileName` in a comment. */
async function example(language: string, fileName: string): Promise<string> {
  const readme = await readFile(README, 'utf8');
  for (const match of readme.matchAll(/```(\w+)\n([\s\S]*?)```/g))
    if (match[1] === language && match[2]?.split('\n')[0]?.endsWith(` ${fileName}`))
      return match[2];
  throw new Error(`README.md has no ${language} example named ${fileName}`);
}

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await createSandbox();
  await sandbox.writeInput({ 'customers.csv': 'id,score\n1,0.9\n2,0.2\n3,0.75\n' });
});
afterEach(async () => {
  expect(runningChildrenOf(process.pid)).toEqual([]);
  await sandbox.remove();
});

describe('README entry-script examples', () => {
  it.each([
    ['js', 'score.mjs'],
    ['python', 'score.py'],
  ])('the %s example %s scores rows with its program argument', async (language, fileName) => {
    const code = join(sandbox.root, 'code');
    await mkdir(code);
    await writeFile(join(code, fileName), await example(language, fileName));
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: fileName,
        codeFolder: code,
        programArguments: ['0.7'],
        input: { kind: 'table', path: join(sandbox.input, 'customers.csv') },
        miniBatchSize: { unit: 'rows', value: 2 },
      }),
    );

    expect(result).toMatchObject({ outcome: 'succeeded', errors: [] });
    expect(await sandbox.appendedLines()).toEqual([
      '{"id":"1","churn":true}',
      '{"id":"2","churn":false}',
      '{"id":"3","churn":true}',
    ]);
    expect(await sandbox.readLog('worker-0.txt')).toMatch(/mini-batch,? 1,? try 1\n/);
  });
});
