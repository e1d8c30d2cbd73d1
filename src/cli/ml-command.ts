/**
 * The `millrace ml …` command group: the ML workspace from the command line, on a Millrace
 * server (`--server`, MILLRACE_SERVER) or embedded in the Millrace home.
 */
import type { Command, CommanderError } from 'commander';
import { MlExitCodes } from './ml-cli-errors.js';
import { registerMlEndpointCommands } from './ml-endpoint-commands.js';
import { registerMlExecuteCommand } from './ml-execute-command.js';
import { registerMlPipelineCommands } from './ml-pipeline-commands.js';
import { registerMlRunCommands } from './ml-run-commands.js';
import { registerMlSubmitCommand } from './ml-submit-command.js';

export function registerMlCommand(program: Command): void {
  const ml = program
    .command('ml')
    .description('publish ML pipelines, manage endpoints, submit and inspect ML runs')
    // Set before the subcommands are added, which inherit it: bad syntax exits 2, like other
    // invalid input, rather than commander's 1 (which `--watch` uses for a failed run).
    .exitOverride((error: CommanderError) => {
      process.exitCode = error.exitCode === 0 ? MlExitCodes.succeeded : MlExitCodes.invalid;
      throw error;
    })
    .addHelpText(
      'after',
      '\nWithout --server or MILLRACE_SERVER, commands use the embedded workspace of $MILLRACE_HOME.\nExit status: 0 done, 1 run Failed or Canceled (or an operation failed), 2 invalid input.',
    );
  registerMlPipelineCommands(ml);
  registerMlEndpointCommands(ml);
  registerMlSubmitCommand(ml);
  registerMlRunCommands(ml);
  registerMlExecuteCommand(ml);
}
