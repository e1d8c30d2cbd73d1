/** The registry of every executor Millrace ships, for composition roots to hand to the engine. */
import { ActivityExecutorRegistry } from './activity-executor.js';
import { CustomActivityExecutor } from './custom-activity-executor.js';
import { NoOpExecutor } from './no-op-executor.js';
import { WaitExecutor } from './wait-executor.js';
import { WebActivityExecutor } from './web-activity-executor.js';

export interface BuiltinExecutorOptions {
  /** Where the Custom activity's relative `folderPath` starts (Default: the process's current folder). */
  readonly workingFolder?: string;
}

export function createBuiltinExecutors(
  options: BuiltinExecutorOptions = {},
): ActivityExecutorRegistry {
  return new ActivityExecutorRegistry([
    new CustomActivityExecutor({ workingFolder: options.workingFolder }),
    new WebActivityExecutor(),
    new WaitExecutor(),
    new NoOpExecutor(),
  ]);
}
