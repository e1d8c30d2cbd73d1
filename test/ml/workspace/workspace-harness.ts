/**
 * A workspace service over a real store (one database per adapter and test file), real
 * datastores (local folders `workspaceblobstore` and `scoring`) and temporary snapshot and log
 * folders, with a launcher that only records what it was asked. Registers its own
 * beforeAll/afterAll/afterEach: call `useWorkspace(adapter)` inside a describe block.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { DatastoreRegistry } from '../../../src/ml/datastores/index.js';
import type { MlRunLauncher } from '../../../src/ml/workspace/ml-workspace.js';
import { MlWorkspaceError } from '../../../src/ml/workspace/ml-workspace-errors.js';
import type { MlWorkspaceErrorCode } from '../../../src/ml/workspace/ml-workspace-errors.js';
import { MlWorkspaceService } from '../../../src/ml/workspace/ml-workspace-service.js';
import type { Store } from '../../../src/store/store.js';
import type { StoreAdapterName } from '../../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

export const SCORING_FIXTURE = new URL('../../fixtures/ml/scoring/', import.meta.url).pathname;

/** A pipeline with every parameter type, required and optional ones, and a required data path. */
export const PARAMS_YAML = `type: pipeline
name: params_demo
settings:
  continue_on_step_failure: false
inputs:
  count:
    type: integer
  ratio:
    type: number
    default: 0.5
  flag:
    type: boolean
    default: true
  label:
    type: string
    default: hello
  note:
    type: string
    optional: true
  source:
    type: uri_folder
jobs:
  first:
    type: command
    command: echo \${{inputs.c}} \${{inputs.r}} \${{inputs.f}} \${{inputs.l}} \${{inputs.s}}
    inputs:
      c: \${{parent.inputs.count}}
      r: \${{parent.inputs.ratio}}
      f: \${{parent.inputs.flag}}
      l: \${{parent.inputs.label}}
      s: \${{parent.inputs.source}}
    outputs:
      out:
        type: uri_folder
  second:
    type: command
    command: cat \${{inputs.x}}
    inputs:
      x: \${{parent.jobs.first.outputs.out}}
`;

/** Records the runs it is asked to launch and cancel; runs nothing. */
export class RecordingLauncher implements MlRunLauncher {
  readonly launched: string[] = [];
  readonly cancelRequested: string[] = [];

  launch(runId: string): void {
    this.launched.push(runId);
  }

  requestCancel(runId: string): void {
    this.cancelRequested.push(runId);
  }
}

export interface WorkspaceFixture {
  readonly service: MlWorkspaceService;
  readonly store: Store;
  readonly launcher: RecordingLauncher;
  readonly datastores: DatastoreRegistry;
  readonly snapshotRoot: string;
  readonly logRoot: string;
  /** A fresh temporary folder, removed after the test. */
  tempFolder(): Promise<string>;
  /** A copy of test/fixtures/ml/scoring; returns the path of its pipeline.yml. */
  copyScoring(): Promise<string>;
  /** Writes files (relative path → content) under a fresh folder; returns the folder. */
  writeFolder(files: Readonly<Record<string, string>>): Promise<string>;
  /** A name no other test of this file uses. */
  uniqueName(prefix: string): string;
}

export function useWorkspace(adapter: StoreAdapterName): () => WorkspaceFixture {
  let harness: StoreHarness;
  let fixture: WorkspaceFixture | undefined;
  let root: string;
  const temporary: string[] = [];
  let counter = 0;

  beforeAll(async () => {
    harness = await createStoreHarness(adapter);
    const store = await harness.open();
    root = await mkdtemp(join(tmpdir(), 'millrace-workspace-'));
    const datastores = new DatastoreRegistry(
      [{ name: 'scoring', type: 'local', folder: join(root, 'datastores', 'scoring') }],
      { millraceHome: root },
    );
    const launcher = new RecordingLauncher();
    const snapshotRoot = join(root, 'snapshots');
    const logRoot = join(root, 'logs');
    let tick = 0;
    const service = new MlWorkspaceService({
      store,
      datastores,
      snapshotRoot,
      logRoot,
      launcher,
      // A second per call, so that "newest first" never ties.
      clock: () => new Date(Date.UTC(2030, 0, 1) + tick++ * 1000),
    });
    const tempFolder = async () => {
      const folder = await mkdtemp(join(tmpdir(), 'millrace-workspace-test-'));
      temporary.push(folder);
      return folder;
    };
    const writeFolder = async (files: Readonly<Record<string, string>>) => {
      const folder = await tempFolder();
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(folder, path)), { recursive: true });
        await writeFile(join(folder, path), content);
      }
      return folder;
    };
    fixture = {
      service,
      store,
      launcher,
      datastores,
      snapshotRoot,
      logRoot,
      tempFolder,
      writeFolder,
      async copyScoring() {
        const folder = await tempFolder();
        await cp(SCORING_FIXTURE, folder, { recursive: true });
        return join(folder, 'pipeline.yml');
      },
      uniqueName: (prefix) => `${prefix}-${++counter}`,
    };
  });

  afterEach(async () => {
    await Promise.all(
      temporary.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
    );
  });

  afterAll(async () => {
    await fixture?.store.close();
    await harness?.dispose();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  return () => {
    if (fixture === undefined) throw new Error('useWorkspace: the workspace is not open yet');
    return fixture;
  };
}

/** Awaits `promise`, expects it to fail with an MlWorkspaceError of `code`, and returns it. */
export async function expectWorkspaceError(
  promise: Promise<unknown>,
  code: MlWorkspaceErrorCode,
): Promise<MlWorkspaceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected an MlWorkspaceError ${code}`).toBeInstanceOf(MlWorkspaceError);
  expect((error as MlWorkspaceError).code, (error as Error).message).toBe(code);
  expect((error as MlWorkspaceError).message.length).toBeGreaterThan(20);
  return error as MlWorkspaceError;
}
