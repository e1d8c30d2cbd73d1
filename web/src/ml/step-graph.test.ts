import { describe, expect, it } from 'vitest';
import type { StepRun } from './ml-workspace-api.js';
import { readPipelineModel } from './pipeline-model.js';
import { buildStepGraph, stepNameOf, stepNodeId } from './step-graph.js';
import { layoutStepGraph } from './step-graph-layout.js';

/** The loan-scoring example's stored definition, as the server answers it (trimmed). */
const LOAN_SCORING_DEFINITION = {
  pipeline: {
    file: 'pipeline.yml',
    name: 'loan-scoring',
    displayName: 'Loan default scoring',
    inputs: [
      { kind: 'data', type: 'uri_file', name: 'loans', optional: false },
      { kind: 'parameter', type: 'number', name: 'threshold', optional: false, default: 0.1 },
    ],
    outputs: [{ name: 'scores', type: 'uri_folder' }],
    steps: [
      {
        name: 'score',
        type: 'command',
        allowReuse: true,
        command: 'node score.mjs',
        inputs: [
          {
            name: 'prepared',
            source: { kind: 'step-output', stepName: 'prepare', outputName: 'prepared' },
          },
          { name: 'threshold', source: { kind: 'pipeline-input', inputName: 'threshold' } },
        ],
        outputs: [{ name: 'scores', type: 'uri_folder', pipelineOutput: 'scores' }],
        dependsOn: ['prepare'],
      },
      {
        name: 'prepare',
        type: 'command',
        allowReuse: true,
        inputs: [{ name: 'loans', source: { kind: 'pipeline-input', inputName: 'loans' } }],
        outputs: [{ name: 'prepared', type: 'uri_folder' }],
        dependsOn: [],
      },
    ],
    stepOrder: ['prepare', 'score'],
  },
  stepCode: {},
};

function stepRun(name: string, fields: Partial<StepRun> = {}): StepRun {
  return {
    Id: `${name}-id`,
    RunId: 'run-2',
    Name: name,
    StepType: 'command',
    Status: 'Completed',
    StatusCode: 4,
    Reused: false,
    ReusedFromRunId: null,
    ReusedFromStepRunId: null,
    RerunReason: null,
    Attempt: 1,
    Attempts: [],
    ExitCode: 0,
    StartTime: null,
    EndTime: null,
    DurationMs: 1200,
    Outputs: {},
    Logs: {},
    Metrics: {},
    Tags: {},
    Progress: null,
    Error: null,
    ...fields,
  };
}

describe('readPipelineModel', () => {
  it('reads steps in stepOrder with their wiring', () => {
    const model = readPipelineModel(LOAN_SCORING_DEFINITION);
    expect(model?.steps.map((step) => step.name)).toEqual(['prepare', 'score']);
    expect(model?.steps[1]?.inputs[0]).toEqual({
      name: 'prepared',
      source: { kind: 'step-output', stepName: 'prepare', outputName: 'prepared' },
    });
    expect(model?.steps[1]?.outputs).toEqual([{ name: 'scores', pipelineOutput: 'scores' }]);
    expect(model?.inputs.map((input) => `${input.kind}:${input.name}`)).toEqual([
      'data:loans',
      'parameter:threshold',
    ]);
  });

  it('keeps the declared order when stepOrder does not name every step once', () => {
    const definition = {
      pipeline: { ...LOAN_SCORING_DEFINITION.pipeline, stepOrder: ['prepare', 'prepare'] },
    };
    expect(readPipelineModel(definition)?.steps.map((step) => step.name)).toEqual([
      'score',
      'prepare',
    ]);
  });

  it('answers undefined for a definition of another shape', () => {
    expect(readPipelineModel(undefined)).toBeUndefined();
    expect(readPipelineModel({ pipeline: { steps: 'none' } })).toBeUndefined();
    expect(readPipelineModel({ pipeline: { steps: [{ type: 'command' }] } })).toBeUndefined();
  });
});

describe('buildStepGraph', () => {
  const model = readPipelineModel(LOAN_SCORING_DEFINITION);

  it('wires data inputs, step outputs and pipeline outputs, leaving parameters out', () => {
    const graph = buildStepGraph({
      ...(model === undefined ? {} : { model }),
      dataPaths: { loans: { DataStoreName: 'blobs', RelativePath: 'in/loans.csv' } },
      stepRuns: [
        stepRun('prepare', { Reused: true, ReusedFromRunId: 'run-1' }),
        stepRun('score', {
          Status: 'Running',
          Outputs: { scores: { DataStoreName: 'blobs', RelativePath: 'out/scores' } },
        }),
      ],
    });
    expect(graph.nodes.map((node) => [node.id, node.kind, node.detail])).toEqual([
      ['input:loans', 'data-input', 'blobs/in/loans.csv'],
      ['step:prepare', 'step', undefined],
      ['step:score', 'step', undefined],
      ['output:scores', 'data-output', 'blobs/out/scores'],
    ]);
    expect(graph.edges.map((edge) => [edge.source, edge.target, edge.label])).toEqual([
      ['input:loans', 'step:prepare', 'loans'],
      ['step:prepare', 'step:score', 'prepared'],
      ['step:score', 'output:scores', 'scores'],
    ]);
    const prepare = graph.nodes.find((node) => node.id === 'step:prepare');
    expect(prepare?.label).toBe('prepare');
    expect(prepare?.step).toMatchObject({
      status: 'Completed',
      reused: true,
      reusedFromRunId: 'run-1',
      durationMs: 1200,
    });
    expect(graph.nodes.find((node) => node.id === 'step:score')?.step?.status).toBe('Running');
  });

  it('shows a step without its step run as not started, and no status without a run', () => {
    const started = buildStepGraph({ ...(model === undefined ? {} : { model }), stepRuns: [] });
    expect(started.nodes.find((node) => node.id === 'step:score')?.step).toMatchObject({
      status: 'NotStarted',
      reused: false,
      durationMs: null,
    });
    const graph = buildStepGraph(model === undefined ? {} : { model });
    expect(graph.nodes.find((node) => node.id === 'step:score')?.step).toMatchObject({
      status: undefined,
      allowReuse: true,
    });
    expect(graph.nodes.find((node) => node.id === 'input:loans')?.detail).toBe('uri_file');
    expect(graph.nodes.find((node) => node.id === 'output:scores')?.detail).toBe('uri_folder');
  });

  it('labels a wire "out → in" when the names differ, and draws literal data paths', () => {
    const graph = buildStepGraph({
      model: {
        name: 'p',
        inputs: [],
        outputs: [],
        steps: [
          {
            name: 'a',
            type: 'command',
            inputs: [
              {
                name: 'raw',
                source: { kind: 'data-path', datastore: 'blobs', path: 'raw/data.csv' },
              },
            ],
            outputs: [{ name: 'clean' }],
            dependsOn: [],
            allowReuse: true,
          },
          {
            name: 'b',
            type: 'parallel',
            inputs: [
              { name: 'rows', source: { kind: 'step-output', stepName: 'a', outputName: 'clean' } },
            ],
            outputs: [],
            dependsOn: ['a'],
            allowReuse: false,
          },
        ],
      },
    });
    expect(graph.edges).toEqual([
      { id: 'path:a:raw->step:a', source: 'path:a:raw', target: 'step:a' },
      { id: 'step:a->step:b', source: 'step:a', target: 'step:b', label: 'clean → rows' },
    ]);
    expect(graph.nodes.find((node) => node.id === 'path:a:raw')?.detail).toBe('blobs/raw/data.csv');
    expect(graph.nodes.find((node) => node.id === 'step:b')?.step?.stepType).toBe('parallel');
  });

  it('draws the step runs alone, unwired, without a model', () => {
    const graph = buildStepGraph({ stepRuns: [stepRun('prepare'), stepRun('score')] });
    expect(graph.nodes.map((node) => node.id)).toEqual(['step:prepare', 'step:score']);
    expect(graph.edges).toEqual([]);
  });

  it('names steps by node id and back', () => {
    expect(stepNameOf(stepNodeId('prepare'))).toBe('prepare');
    expect(stepNameOf('input:loans')).toBeUndefined();
  });
});

describe('layoutStepGraph', () => {
  it('ranks every node below the nodes it depends on, without overlaps', () => {
    const model = readPipelineModel(LOAN_SCORING_DEFINITION);
    const layout = layoutStepGraph(buildStepGraph(model === undefined ? {} : { model }));
    const y = (id: string) => layout.nodes.find((node) => node.id === id)?.y ?? Number.NaN;
    expect(y('input:loans')).toBeLessThan(y('step:prepare'));
    expect(y('step:prepare')).toBeLessThan(y('step:score'));
    expect(y('step:score')).toBeLessThan(y('output:scores'));
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
    expect(layout.height).toBeGreaterThan(layout.nodes[0]?.height ?? 0);
  });

  it('lays out left to right when asked, and an empty graph at zero size', () => {
    const graph = buildStepGraph({ stepRuns: [stepRun('a')] });
    const layout = layoutStepGraph(
      {
        nodes: [...graph.nodes, ...buildStepGraph({ stepRuns: [stepRun('b')] }).nodes],
        edges: [{ id: 'e', source: 'step:a', target: 'step:b' }],
      },
      { direction: 'LR' },
    );
    const [a, b] = layout.nodes;
    expect(a !== undefined && b !== undefined && a.x < b.x).toBe(true);
    expect(layoutStepGraph({ nodes: [], edges: [] })).toMatchObject({ width: 0, height: 0 });
  });
});
