import { describe, expect, it } from 'vitest';
import { newMlRun } from '../../../test/support/ml-record-builders.js';
import { MlRunChanges } from './ml-run-changes.js';

describe('MlRunChanges', () => {
  it('hands a published change to the waits on that run only', async () => {
    const changes = new MlRunChanges();
    const mine = changes.nextChange('run-1', 60_000);
    const other = changes.nextChange('run-2', 60_000);
    const run = newMlRun({ id: 'p-1', name: 'p' }, 'e', { id: 'run-1', status: 'Completed' });
    changes.publish(run);
    await expect(mine.changed).resolves.toEqual(run);
    expect(changes.pendingCount).toBe(1);
    other.stop();
    await expect(other.changed).resolves.toBeUndefined();
    expect(changes.pendingCount).toBe(0);
  });

  it('ends a wait without a change at its time limit or when its signal aborts', async () => {
    const changes = new MlRunChanges();
    await expect(changes.nextChange('run-1', 1).changed).resolves.toBeUndefined();
    const controller = new AbortController();
    const aborted = changes.nextChange('run-1', 60_000, controller.signal);
    controller.abort();
    await expect(aborted.changed).resolves.toBeUndefined();
    const alreadyAborted = changes.nextChange('run-1', 60_000, controller.signal);
    await expect(alreadyAborted.changed).resolves.toBeUndefined();
    expect(changes.pendingCount).toBe(0);
  });
});
