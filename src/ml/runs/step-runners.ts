/** The step runners that execute steps as real processes on this machine. */
import { runCommandStep } from '../steps/command-step-runner.js';
import { runParallelStep } from '../steps/parallel/parallel-step-runner.js';
import type { StepRunners } from './step-attempt.js';

export function defaultStepRunners(): StepRunners {
  return { command: runCommandStep, parallel: runParallelStep };
}
