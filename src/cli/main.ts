import { Command, CommanderError } from 'commander';
import { ContextFileError } from './context-file.js';
import { registerExprCommand } from './expr-command.js';
import { registerIdentityCommands } from './identity-commands.js';
import { registerLinkedServicesCommand } from './linked-services-command.js';
import { registerLoginCommands } from './login-command.js';
import { registerMlCommand } from './ml-command.js';
import { registerPlaygroundCommand } from './playground-command.js';
import { registerRunCommand } from './run-command.js';
import { registerRunsCommand } from './runs-command.js';
import { registerServerCommand } from './server-command.js';
import { registerValidateCommand } from './validate-command.js';
import { readPackageVersion } from './package-info.js';

const program = new Command()
  .name('millrace')
  .description('Run Azure Data Factory pipelines and the ML pipelines they call, self-hosted.')
  .version(readPackageVersion())
  // Program options only before a command, so `millrace ml publish --version 2` is the command's.
  .enablePositionalOptions()
  .showHelpAfterError('(run with --help for usage)');

registerExprCommand(program);
registerPlaygroundCommand(program);
registerValidateCommand(program);
registerRunCommand(program);
registerRunsCommand(program);
registerMlCommand(program);
registerServerCommand(program);
registerIdentityCommands(program);
registerLinkedServicesCommand(program);
registerLoginCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ContextFileError) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    process.exitCode = 1;
  } else if (!(error instanceof CommanderError)) {
    throw error;
  }
}
