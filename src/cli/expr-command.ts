import type { Command } from 'commander';
import {
  compileTemplate,
  formatExpressionError,
  stringifyJson,
  type EvaluationContext,
  type ExpressionErrorData,
} from '../expressions/index.js';
import { readContextFile } from './context-file.js';

interface ExprOptions {
  readonly context?: string;
  readonly pretty?: boolean;
  readonly json?: boolean;
}

export function registerExprCommand(program: Command): void {
  program
    .command('expr')
    .description('evaluate a Data Factory expression and print its result as JSON')
    .argument('<expression>', "a JSON string value, e.g. '@add(1, 2)' or 'run-@{pipeline().RunId}'")
    .option(
      '-c, --context <file.json>',
      'JSON file with pipeline, variables, activities, item, trigger and now',
    )
    .option('--pretty', 'indent arrays and objects')
    .option('--json', 'print errors as JSON')
    .addHelpText(
      'after',
      `
Exit status: 0 with the result on stdout; 1 with a coded error on stderr.
Example:
  millrace expr "@formatDateTime(addDays('2026-01-31T00:00:00Z', 1), 'yyyy-MM-dd')"`,
    )
    .action(async (expression: string, options: ExprOptions) => {
      const context: EvaluationContext = options.context
        ? await readContextFile(options.context)
        : {};
      const compiled = compileTemplate(expression);
      const result = compiled.ok ? compiled.value.evaluate(context) : compiled;
      if (result.ok) {
        process.stdout.write(`${stringifyJson(result.value, options.pretty ? 2 : 0)}\n`);
      } else {
        process.stderr.write(
          options.json
            ? `${JSON.stringify(result.error)}\n`
            : describeError(expression, result.error),
        );
        process.exitCode = 1;
      }
    });
}

/** The coded error, then the source line with the offending characters underlined. */
export function describeError(source: string, error: ExpressionErrorData): string {
  const lines = source.split('\n');
  const line = lines[error.position.line - 1] ?? '';
  const width = Math.max(
    1,
    Math.min(error.position.length, line.length - error.position.column + 1),
  );
  const caret = `${' '.repeat(error.position.column - 1)}${'^'.repeat(width)}`;
  return `error ${formatExpressionError(error)}\n  ${line}\n  ${caret}\n`;
}
