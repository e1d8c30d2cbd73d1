import { describe, expect, it } from 'vitest';
import {
  elapsedMs,
  factoryRunOf,
  factoryRunPath,
  isActive,
  mlRunPath,
  shortId,
  tailLines,
} from './run-facts.js';

describe('run facts', () => {
  it('tells active statuses from final ones', () => {
    expect(['Queued', 'Running', 'CancelRequested'].map((s) => isActive(s as never))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['Completed', 'Failed', 'Canceled'].map((s) => isActive(s as never))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('measures a finished run end − start, a running one up to now, nothing before it starts', () => {
    const start = '2026-01-01T00:00:00.000Z';
    expect(elapsedMs(start, '2026-01-01T00:01:30.000Z', 0)).toBe(90_000);
    expect(elapsedMs(start, null, Date.parse(start) + 5000)).toBe(5000);
    expect(elapsedMs(null, null, 0)).toBeUndefined();
    expect(elapsedMs('not a date', null, 0)).toBeUndefined();
  });

  it('finds the factory run that started an ML run in its tags', () => {
    expect(factoryRunOf({ adfPipelineRunId: 'p-1', adfActivityRunId: 'a-1', x: 'y' })).toEqual({
      pipelineRunId: 'p-1',
      activityRunId: 'a-1',
    });
    expect(factoryRunOf({ adfPipelineRunId: 'p-1' })).toEqual({ pipelineRunId: 'p-1' });
    expect(factoryRunOf({ adfPipelineRunId: '' })).toBeUndefined();
    expect(factoryRunOf({})).toBeUndefined();
  });

  it('builds the pages’ paths with every segment encoded', () => {
    expect(factoryRunPath('my factory', 'r/1')).toBe('/factories/my%20factory/runs/r%2F1');
    expect(mlRunPath('a b')).toBe('/ml/runs/a%20b');
    expect(shortId('6e0fab7c-db6f-4e98-b1cd-a04108e7542c')).toBe('6e0fab7c');
    expect(shortId('short')).toBe('short');
  });
});

describe('tailLines', () => {
  it('keeps the last lines and counts the hidden ones', () => {
    expect(tailLines('a\nb\nc\nd\n', 2)).toEqual({ text: 'c\nd\n', hiddenLines: 2, totalLines: 4 });
    expect(tailLines('a\nb', 1)).toEqual({ text: 'b', hiddenLines: 1, totalLines: 2 });
  });

  it('keeps a short log whole', () => {
    expect(tailLines('a\nb\n', 5)).toEqual({ text: 'a\nb\n', hiddenLines: 0, totalLines: 2 });
    expect(tailLines('', 5)).toEqual({ text: '', hiddenLines: 0, totalLines: 0 });
  });
});
