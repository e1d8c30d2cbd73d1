import { describe, expect, it } from 'vitest';
import { codeFoldersOf } from './pipeline-file-bundle.js';

describe('codeFoldersOf', () => {
  it('lists each code folder once, normalised, for command and parallel steps', () => {
    const yaml = [
      'type: pipeline',
      'jobs:',
      '  a: {type: command, code: ./src/, command: x}',
      '  b: {type: command, code: src, command: y}',
      '  c: {type: parallel, task: {type: run_function, code: batch\\\\code, entry_script: s.py}}',
      '  d: {type: command, command: no-code}',
      '  e: {type: command, code: ., command: z}',
    ].join('\n');
    expect(codeFoldersOf(yaml)).toEqual(['src', 'batch/code', '.']);
  });

  it('leaves out folders outside the YAML folder and tolerates broken YAML', () => {
    const yaml =
      'jobs:\n  a: {code: ../shared}\n  b: {code: /abs/path}\n  c: {code: sub/../../x}\n';
    expect(codeFoldersOf(yaml)).toEqual([]);
    expect(codeFoldersOf('jobs: [unclosed')).toEqual([]);
    expect(codeFoldersOf('just text')).toEqual([]);
  });
});
