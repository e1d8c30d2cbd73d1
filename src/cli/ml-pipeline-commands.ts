/** `millrace ml publish`, `ml pipelines` and `ml pipeline show|status`. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { MlPublishedPipelineStatus } from '../store/ml-store.js';
import {
  print,
  printJson,
  runMlAction,
  withConnectionOptions,
  withMlWorkspace,
  type MlConnectionFlags,
} from './ml-connection.js';
import { pipelineReport, pipelineTable } from './ml-text.js';
import { mlPipelineView, mlPublishView } from './ml-views.js';

interface JsonFlag extends MlConnectionFlags {
  readonly json?: boolean;
}

interface PublishFlags extends JsonFlag {
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly endpoint?: string;
  readonly default?: boolean;
  readonly skipIfUnchanged?: boolean;
  readonly continueOnStepFailure?: boolean;
}

export function registerMlPipelineCommands(ml: Command): void {
  withConnectionOptions(
    ml
      .command('publish')
      .description('publish an ML pipeline YAML and its code as an immutable published pipeline')
      .argument('<pipeline.yml>', 'the pipeline YAML; code folders are relative to it')
      .option('--name <name>', "the published name (Default: the YAML's name)")
      .option('--version <version>', 'free-text version, e.g. 1.0 (Default: 1)')
      .option('--description <text>', "(Default: the YAML's description)")
      .option(
        '--endpoint <name>',
        'also add it to this pipeline endpoint as a new version (created when missing)',
      )
      .option('--default', "make the new endpoint version the endpoint's default")
      .option(
        '--skip-if-unchanged',
        "with --endpoint: publish nothing when the endpoint's default version has the same definition and code",
      )
      .option(
        '--continue-on-step-failure',
        'let independent steps run on after a step fails (Default: the YAML setting)',
      )
      .option('--json', 'print the published pipeline as JSON'),
  ).action(async (file: string, flags: PublishFlags) =>
    runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        const result = await workspace.publish(
          { kind: 'file', file: resolve(file) },
          {
            ...(flags.name === undefined ? {} : { name: flags.name }),
            ...(flags.version === undefined ? {} : { version: flags.version }),
            ...(flags.description === undefined ? {} : { description: flags.description }),
            ...(flags.continueOnStepFailure ? { continueOnStepFailure: true } : {}),
            ...(flags.endpoint === undefined
              ? {}
              : {
                  endpoint: {
                    name: flags.endpoint,
                    makeDefault: flags.default === true,
                    skipIfUnchanged: flags.skipIfUnchanged === true,
                  },
                }),
          },
        );
        if (flags.json) {
          printJson(mlPublishView(result));
          return 0;
        }
        const { pipeline } = result;
        if (result.unchanged === true) {
          print(
            `Unchanged: ${result.endpoint?.name ?? '?'} version ${result.endpointVersion ?? '?'} already runs ${pipeline.name} ${pipeline.version} (${pipeline.id}); nothing published.`,
          );
          return 0;
        }
        print(`Published ${pipeline.name} version ${pipeline.version}: ${pipeline.id}`);
        print(
          `  snapshot ${pipeline.snapshotHash.slice(0, 12)}${result.snapshotExisted ? ' (already stored)' : ''}`,
        );
        if (result.endpoint) {
          const isDefault = result.endpoint.defaultVersion === result.endpointVersion;
          print(
            `  endpoint ${result.endpoint.name} version ${result.endpointVersion ?? '?'}${isDefault ? ' (default)' : ''}`,
          );
        }
        return 0;
      }),
    ),
  );

  withConnectionOptions(
    ml
      .command('pipelines')
      .description('list published pipelines, newest first')
      .option('--active-only', 'only Active ones')
      .option('--json', 'print JSON'),
  ).action(async (flags: JsonFlag & { activeOnly?: boolean }) =>
    runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        const pipelines = await workspace.listPipelines({ activeOnly: flags.activeOnly === true });
        if (flags.json) printJson({ value: pipelines.map(mlPipelineView) });
        else pipelineTable(pipelines).forEach((line) => print(line));
        return 0;
      }),
    ),
  );

  const pipeline = ml
    .command('pipeline')
    .description('inspect a published pipeline or set its status');

  withConnectionOptions(
    pipeline
      .command('show')
      .description('show a published pipeline and its parameters')
      .argument('<id>')
      .option('--json', 'print JSON'),
  ).action(async (id: string, flags: JsonFlag) =>
    runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        const found = await workspace.getPipeline(id);
        if (flags.json) printJson(mlPipelineView(found));
        else pipelineReport(found).forEach((line) => print(line));
        return 0;
      }),
    ),
  );

  withConnectionOptions(
    pipeline
      .command('status')
      .description(
        'set a published pipeline Active, Deprecated or Disabled (Disabled refuses runs)',
      )
      .argument('<id>')
      .argument('<status>', 'Active, Deprecated or Disabled')
      .option('--json', 'print JSON'),
  ).action(async (id: string, status: string, flags: JsonFlag) =>
    runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        const updated = await workspace.setPipelineStatus(id, status as MlPublishedPipelineStatus);
        if (flags.json) printJson(mlPipelineView(updated));
        else print(`${updated.id} ${updated.name} version ${updated.version}: ${updated.status}`);
        return 0;
      }),
    ),
  );
}
