/** The step runners that execute steps as real processes on this machine. */
import { runCommandStep } from '../steps/command-step-runner.js';
import { runParallelStep } from '../steps/parallel/parallel-step-runner.js';
import type { StepRunnerOptions } from '../steps/step-launch.js';
import type { StepRunners } from './step-attempt.js';

/**
 * @param options shared by every attempt: where code folders' npm dependencies are installed.
 *   (Default: none; composition roots pass the Node environments of the Millrace home.)
 */
export function defaultStepRunners(options: StepRunnerOptions = {}): StepRunners {
  return {
    command: (launch) => runCommandStep(launch, options),
    parallel: (launch) => runParallelStep(launch, options),
  };
}
