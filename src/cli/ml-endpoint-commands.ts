/** `millrace ml endpoints` and `ml endpoint show|create|add|default|disable|enable`. */
import type { Command } from 'commander';
import type { MlWorkspace } from '../ml/workspace/ml-workspace.js';
import type { MlPipelineEndpointRecord } from '../store/ml-store.js';
import {
  print,
  printJson,
  runMlAction,
  withConnectionOptions,
  withMlWorkspace,
  type MlConnectionFlags,
} from './ml-connection.js';
import { endpointReport, endpointTable } from './ml-text.js';

interface JsonFlag extends MlConnectionFlags {
  readonly json?: boolean;
}

/** By name (case-insensitive), else by id; a miss reports the name. */
async function findEndpoint(
  workspace: MlWorkspace,
  nameOrId: string,
): Promise<MlPipelineEndpointRecord> {
  try {
    return await workspace.getEndpointByName(nameOrId);
  } catch (byName) {
    if ((byName as { code?: unknown }).code !== 'ML_ENDPOINT_NOT_FOUND') throw byName;
    return workspace.getEndpoint(nameOrId).catch((byId: unknown) => {
      throw (byId as { code?: unknown }).code === 'ML_ENDPOINT_NOT_FOUND' ? byName : byId;
    });
  }
}

/** Registers one endpoint subcommand that changes or shows an endpoint, then prints it. */
function endpointCommand(
  parent: Command,
  name: string,
  description: string,
  configure: (command: Command) => Command,
  change: (
    workspace: MlWorkspace,
    args: readonly string[],
    flags: JsonFlag & { readonly default?: boolean; readonly description?: string },
  ) => Promise<MlPipelineEndpointRecord>,
): void {
  withConnectionOptions(
    configure(parent.command(name).description(description)).option('--json', 'print JSON'),
  ).action(async (...received: unknown[]) => {
    const command = received.at(-1) as Command;
    const args = command.processedArgs as string[];
    const flags = command.opts<JsonFlag & { default?: boolean; description?: string }>();
    await runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        const endpoint = await change(workspace, args, flags);
        if (flags.json) printJson(endpoint);
        else endpointReport(endpoint).forEach((line) => print(line));
        return 0;
      }),
    );
  });
}

export function registerMlEndpointCommands(ml: Command): void {
  withConnectionOptions(
    ml
      .command('endpoints')
      .description('list pipeline endpoints, newest first')
      .option('--active-only', 'only Active ones')
      .option('--json', 'print JSON'),
  ).action(async (flags: JsonFlag & { activeOnly?: boolean }) =>
    runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        const endpoints = await workspace.listEndpoints({ activeOnly: flags.activeOnly === true });
        if (flags.json) printJson({ value: endpoints });
        else endpointTable(endpoints).forEach((line) => print(line));
        return 0;
      }),
    ),
  );

  const endpoint = ml
    .command('endpoint')
    .description('create pipeline endpoints, add versions, choose the default, disable or enable');

  endpointCommand(
    endpoint,
    'show',
    'show an endpoint and its versions',
    (command) => command.argument('<name>', 'endpoint name or id'),
    (workspace, [name]) => findEndpoint(workspace, name ?? ''),
  );
  endpointCommand(
    endpoint,
    'create',
    'create an endpoint whose version 0 (its default) is a published pipeline',
    (command) =>
      command
        .argument('<name>', 'unique in the workspace (case-insensitive)')
        .argument('<pipelineId>')
        .option('--description <text>', "(Default: '')"),
    (workspace, [name, pipelineId], flags) =>
      workspace.createEndpoint({
        name: name ?? '',
        pipelineId: pipelineId ?? '',
        ...(flags.description === undefined ? {} : { description: flags.description }),
      }),
  );
  endpointCommand(
    endpoint,
    'add',
    'add a published pipeline to an endpoint as its next version',
    (command) =>
      command
        .argument('<name>', 'endpoint name or id')
        .argument('<pipelineId>')
        .option('--default', 'also make it the default version'),
    async (workspace, [name, pipelineId], flags) =>
      workspace.addEndpointVersion(
        (await findEndpoint(workspace, name ?? '')).id,
        pipelineId ?? '',
        {
          makeDefault: flags.default === true,
        },
      ),
  );
  endpointCommand(
    endpoint,
    'default',
    'choose the version submissions without a version run',
    (command) => command.argument('<name>', 'endpoint name or id').argument('<version>'),
    async (workspace, [name, version]) =>
      workspace.setEndpointDefaultVersion(
        (await findEndpoint(workspace, name ?? '')).id,
        version ?? '',
      ),
  );
  for (const [name, status] of [
    ['disable', 'Disabled'],
    ['enable', 'Active'],
  ] as const) {
    endpointCommand(
      endpoint,
      name,
      status === 'Disabled' ? 'refuse submissions to an endpoint' : 'accept submissions again',
      (command) => command.argument('<name>', 'endpoint name or id'),
      async (workspace, [endpointName]) =>
        workspace.setEndpointStatus((await findEndpoint(workspace, endpointName ?? '')).id, status),
    );
  }
}
