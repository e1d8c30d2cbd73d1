import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { compileTemplate, stringifyJson, type EvaluationContext } from '../expressions/index.js';
import { readContextFile } from './context-file.js';
import { describeError } from './expr-command.js';

const DEFAULT_CONTEXT = new URL('../../examples/expressions/context.json', import.meta.url);

export function registerPlaygroundCommand(program: Command): void {
  program
    .command('playground')
    .alias('start')
    .description(
      'evaluate expressions interactively against a pipeline context (the examples by default)',
    )
    .option('-c, --context <file.json>', 'context file', fileURLToPath(DEFAULT_CONTEXT))
    .action(async (options: { context: string }) => {
      const context = await readContextFile(options.context);
      await runPlayground(context, options.context);
    });
}

async function runPlayground(context: EvaluationContext, contextPath: string): Promise<void> {
  const interactive = process.stdin.isTTY === true;
  if (interactive) {
    process.stdout.write(
      `Millrace expression playground. Context: ${contextPath}\n` +
        "Type a JSON string value such as @pipeline().parameters.folder or 'part-@{item().name}'; .exit or Ctrl-D quits.\n",
    );
  }
  const lines = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: interactive,
  });
  lines.setPrompt('millrace> ');
  const prompt = (): void => {
    if (interactive) lines.prompt();
  };
  prompt();
  for await (const line of lines) {
    const source = line.trim();
    if (source === '.exit') break;
    if (source !== '') {
      const compiled = compileTemplate(source);
      const result = compiled.ok ? compiled.value.evaluate(context) : compiled;
      if (result.ok) process.stdout.write(`${stringifyJson(result.value, 2)}\n`);
      else process.stdout.write(describeError(source, result.error));
    }
    prompt();
  }
  lines.close();
}
