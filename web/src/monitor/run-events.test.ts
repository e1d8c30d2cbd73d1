import { describe, expect, it } from 'vitest';
import type { ActivityRun, Page, PipelineRun } from '../api/factory-api.js';
import { applyRunToPages, mergeActivityRun, mergePipelineRun, runEventOf } from './run-events.js';

function run(runId: string, runStart: string, status = 'InProgress'): PipelineRun {
  return { runId, pipelineName: 'P', status, runStart, lastUpdated: runStart };
}

function activity(id: string, start: string, status = 'InProgress'): ActivityRun {
  return {
    activityRunId: id,
    activityName: id,
    activityType: 'Wait',
    pipelineRunId: 'r',
    pipelineName: 'P',
    status,
    activityRunStart: start,
  };
}

describe('runEventOf', () => {
  it('reads the three event kinds and refuses malformed or unknown ones', () => {
    expect(runEventOf({ event: 'pipelineRun', data: JSON.stringify(run('a', 't')) })).toEqual({
      kind: 'pipelineRun',
      run: run('a', 't'),
    });
    expect(
      runEventOf({ event: 'activityRun', data: JSON.stringify(activity('x', 't')) })?.kind,
    ).toBe('activityRun');
    expect(runEventOf({ event: 'end', data: '{"runId":"a","status":"Failed"}' })).toEqual({
      kind: 'end',
      runId: 'a',
      status: 'Failed',
    });
    expect(runEventOf({ event: 'pipelineRun', data: '{"runId":"a"}' })).toBeUndefined();
    expect(runEventOf({ event: 'pipelineRun', data: 'not json' })).toBeUndefined();
    expect(runEventOf({ event: 'other', data: '{}' })).toBeUndefined();
  });
});

describe('merging a pipeline run', () => {
  it('takes a further status and refuses older news', () => {
    const running = run('a', '2024-01-01T00:00:00Z');
    const done = { ...running, status: 'Succeeded', lastUpdated: '2024-01-01T00:01:00Z' };
    expect(mergePipelineRun(undefined, running)).toBe(running);
    expect(mergePipelineRun(running, done)).toBe(done);
    expect(mergePipelineRun(done, running)).toBe(done);
  });
});

describe('merging an activity run', () => {
  it('replaces by id when newer, keeps the held one when older, and adds new ones in start order', () => {
    const first = activity('a', '2024-01-01T00:00:01Z');
    const third = activity('c', '2024-01-01T00:00:03Z');
    const held = [first, third];
    const second = activity('b', '2024-01-01T00:00:02Z');
    expect(mergeActivityRun(held, second).map((r) => r.activityRunId)).toEqual(['a', 'b', 'c']);
    const firstDone = { ...first, status: 'Succeeded', output: { ok: true } };
    expect(mergeActivityRun(held, firstDone)[0]).toBe(firstDone);
    const stale = mergeActivityRun([firstDone, third], first);
    expect(stale[0]).toBe(firstDone);
    const fourth = activity('d', '2024-01-01T00:00:04Z');
    expect(mergeActivityRun(held, fourth).at(-1)).toBe(fourth);
  });
});

describe('applying a live run to the runs list', () => {
  const always = () => true;
  const pages: Page<PipelineRun>[] = [
    { value: [run('c', '2024-01-03'), run('b', '2024-01-02')], continuationToken: 'next' },
  ];

  it('puts a new run first when it is the newest', () => {
    const next = applyRunToPages(pages, run('d', '2024-01-04'), always);
    expect(next[0]?.value.map((r) => r.runId)).toEqual(['d', 'c', 'b']);
    expect(next[0]?.continuationToken).toBe('next');
  });

  it('replaces a held run in place', () => {
    const next = applyRunToPages(pages, { ...run('b', '2024-01-02'), status: 'Failed' }, always);
    expect(next[0]?.value.map((r) => `${r.runId}:${r.status}`)).toEqual([
      'c:InProgress',
      'b:Failed',
    ]);
  });

  it('leaves out a run that does not match, and drops a held one that no longer does', () => {
    const inProgressOnly = (candidate: PipelineRun) => candidate.status === 'InProgress';
    expect(applyRunToPages(pages, run('d', '2024-01-04', 'Failed'), inProgressOnly)).toBe(pages);
    const next = applyRunToPages(pages, run('c', '2024-01-03', 'Succeeded'), inProgressOnly);
    expect(next[0]?.value.map((r) => r.runId)).toEqual(['b']);
  });

  it('leaves a run older than everything loaded to "Load more", unless nothing more is left', () => {
    expect(applyRunToPages(pages, run('a', '2024-01-01'), always)).toBe(pages);
    const complete = [{ value: pages[0]?.value ?? [] }];
    expect(applyRunToPages(complete, run('a', '2024-01-01'), always)[0]?.value.at(-1)?.runId).toBe(
      'a',
    );
  });
});
