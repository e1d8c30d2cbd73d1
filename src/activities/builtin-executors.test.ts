import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBuiltinExecutors } from './builtin-executors.js';
import { EXECUTABLE_TYPES } from './executable-types.js';
import { buildExecutionRequest } from './execution-request-builder.js';

describe('createBuiltinExecutors', () => {
  it('registers exactly the types EXECUTABLE_TYPES lists', () => {
    expect([...createBuiltinExecutors().types()].sort()).toEqual([...EXECUTABLE_TYPES].sort());
  });

  it('finds executors whatever the case of the type, as Data Factory does', () => {
    const registry = createBuiltinExecutors();
    expect(registry.get('webactivity')?.type).toBe('WebActivity');
    expect(registry.get('NOOP')?.type).toBe('NoOp');
    expect(registry.get('Copy')).toBeUndefined();
  });

  it('starts relative Custom folderPath values at workingFolder', async () => {
    const workingFolder = await mkdtemp(join(tmpdir(), 'millrace-builtin-'));
    try {
      await mkdir(join(workingFolder, 'app'));
      await writeFile(join(workingFolder, 'app', 'marker.txt'), 'found');
      const registry = createBuiltinExecutors({ workingFolder });
      const result = await registry.get('Custom')?.execute(
        buildExecutionRequest({
          type: 'Custom',
          input: { command: 'cat marker.txt', folderPath: 'app' },
        }),
      );
      expect(result).toMatchObject({ status: 'Succeeded', output: { stdout: 'found' } });
    } finally {
      await rm(workingFolder, { recursive: true, force: true });
    }
  });
});
