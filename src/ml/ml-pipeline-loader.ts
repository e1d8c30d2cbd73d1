/**
 * Loads an ML pipeline YAML file: reads it, parses it, and checks that every step's code folder
 * (relative to the YAML file) exists and holds the parallel entry scripts. The only I/O of src/ml.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

import type { MlPipelineDefinition, MlSourceLocation } from './ml-pipeline-definition.js';
import { parseMlPipeline } from './ml-pipeline-parser.js';
import type { MlParseOptions } from './ml-pipeline-parser.js';
import { hasErrors, MlProblemCodes } from './ml-problems.js';
import type { MlProblem, MlProblemCode } from './ml-problems.js';

export interface MlLoadResult {
  readonly definition?: MlPipelineDefinition;
  readonly problems: readonly MlProblem[];
  /** The folder of the YAML file; code folders are relative to it. */
  readonly baseDirectory: string;
}

export async function loadMlPipeline(path: string, options: MlParseOptions): Promise<MlLoadResult> {
  const baseDirectory = dirname(resolve(path));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    const problem = at(
      path,
      'ML_UNREADABLE_FILE',
      `Cannot read "${path}" (${reason}); check the path.`,
      { line: 1, column: 1, path: '' },
    );
    return { problems: [problem], baseDirectory };
  }
  const parsed = parseMlPipeline(text, path, options);
  if (!parsed.definition) return { problems: parsed.problems, baseDirectory };
  const problems = [...parsed.problems];
  for (const step of parsed.definition.steps) {
    if (step.code === undefined || step.codeLocation === undefined) continue;
    const folder = isAbsolute(step.code) ? step.code : join(baseDirectory, step.code);
    if (!(await isKind(folder, 'directory'))) {
      problems.push(
        at(
          path,
          'ML_MISSING_CODE_FOLDER',
          `Step "${step.name}": code folder "${step.code}" (${folder}) does not exist or is not a folder.`,
          step.codeLocation,
        ),
      );
      continue;
    }
    if (step.type === 'parallel' && !(await isKind(join(folder, step.entryScript), 'file'))) {
      problems.push(
        at(
          path,
          'ML_MISSING_ENTRY_SCRIPT',
          `Step "${step.name}": entry script "${step.entryScript}" is not a file in code folder "${step.code}".`,
          step.entryScriptLocation,
        ),
      );
    }
  }
  return hasErrors(problems)
    ? { problems, baseDirectory }
    : { definition: parsed.definition, problems, baseDirectory };
}

async function isKind(path: string, kind: 'file' | 'directory'): Promise<boolean> {
  try {
    const info = await stat(path);
    return kind === 'file' ? info.isFile() : info.isDirectory();
  } catch {
    return false;
  }
}

function at(
  file: string,
  code: MlProblemCode,
  message: string,
  location: MlSourceLocation,
): MlProblem {
  return {
    code,
    severity: MlProblemCodes[code].severity,
    message,
    file,
    line: location.line,
    column: location.column,
    path: location.path,
  };
}
