import type { Command } from 'commander';
import { EXECUTABLE_TYPES } from '../activities/executable-types.js';
import { loadFactory } from '../factory/factory-loader.js';
import { validateFactory } from '../factory/factory-validator.js';
import type { Factory, FactoryProblem } from '../factory/resources.js';

interface ValidateOptions {
  readonly json?: boolean;
}

/** Exit status when the factory has errors (1 is taken by usage and context-file errors). */
export const INVALID_FACTORY_EXIT_CODE = 2;

/**
 * `millrace validate <path>`. `executableActivityTypes` are the activity types the executor
 * registry runs, besides the control activities the engine runs itself (Default: the built-in
 * executors' types); other ADF types are reported as warnings.
 */
export function registerValidateCommand(
  program: Command,
  executableActivityTypes: readonly string[] = EXECUTABLE_TYPES,
): void {
  program
    .command('validate')
    .description('load a Data Factory factory and report every problem in it')
    .argument('<path>', 'an ADF git folder, a pipeline JSON file or an ARM template export')
    .option('--json', 'print { valid, factory, problems, resources } as JSON')
    .addHelpText(
      'after',
      `
Exit status: 0 when valid (warnings allowed); 2 when there are errors.
Example:
  millrace validate ./my-factory`,
    )
    .action(async (path: string, options: ValidateOptions) => {
      const { factory, problems, valid } = await loadValidFactory(path, executableActivityTypes);
      process.stdout.write(
        options.json
          ? `${JSON.stringify(jsonReport(factory, problems, valid), null, 2)}\n`
          : textReport(factory, problems),
      );
      if (!valid) process.exitCode = INVALID_FACTORY_EXIT_CODE;
    });
}

/** Loads a factory and validates it: the problems of both steps, and whether any is an error. */
export async function loadValidFactory(
  path: string,
  executableActivityTypes: readonly string[] = EXECUTABLE_TYPES,
): Promise<{ factory: Factory; problems: FactoryProblem[]; valid: boolean }> {
  const loaded = await loadFactory(path);
  const problems = [
    ...loaded.problems,
    ...validateFactory(loaded.factory, { executableTypes: executableActivityTypes }),
  ];
  return {
    factory: loaded.factory,
    problems,
    valid: !problems.some((problem) => problem.severity === 'error'),
  };
}

function jsonReport(
  factory: Factory,
  problems: readonly FactoryProblem[],
  valid: boolean,
): unknown {
  return {
    valid,
    factory: factory.name,
    problems,
    resources: {
      pipelines: [...factory.pipelines.keys()],
      linkedServices: [...factory.linkedServices.keys()],
      datasets: [...factory.datasets.keys()],
      triggers: [...factory.triggers.keys()],
    },
  };
}

/** One line per problem, files together in the order first met, then a summary line. */
export function textReport(factory: Factory, problems: readonly FactoryProblem[]): string {
  const byFile = new Map<string, FactoryProblem[]>();
  for (const problem of problems) {
    const list = byFile.get(problem.file) ?? [];
    list.push(problem);
    byFile.set(problem.file, list);
  }
  const groups = [...byFile.values()].map((list) =>
    list
      .map(
        (problem) =>
          `${problem.file}${problem.pointer === '' ? '' : `#${problem.pointer}`}: ${problem.severity} ${problem.code} ${problem.message}\n`,
      )
      .join(''),
  );
  return `${groups.join('\n')}${groups.length > 0 ? '\n' : ''}${summary(factory, problems)}\n`;
}

function summary(factory: Factory, problems: readonly FactoryProblem[]): string {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const resources = [
    count(factory.pipelines.size, 'pipeline'),
    ...(factory.linkedServices.size > 0
      ? [count(factory.linkedServices.size, 'linked service')]
      : []),
    ...(factory.datasets.size > 0 ? [count(factory.datasets.size, 'dataset')] : []),
    ...(factory.triggers.size > 0 ? [count(factory.triggers.size, 'trigger')] : []),
  ];
  return `${count(errors, 'error')}, ${count(warnings, 'warning')} in ${resources.join(', ')} (factory ${factory.name}).`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
