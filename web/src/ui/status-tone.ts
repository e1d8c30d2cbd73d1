/** The colour family of a status, shared by factory runs, activity runs, ML runs and steps. */
export type StatusTone = 'success' | 'failure' | 'running' | 'waiting' | 'cancelled' | 'neutral';

const TONES: Record<string, StatusTone> = {
  succeeded: 'success',
  completed: 'success',
  finished: 'success',
  failed: 'failure',
  timedout: 'failure',
  inprogress: 'running',
  running: 'running',
  preparing: 'running',
  finalizing: 'running',
  canceling: 'running',
  cancelrequested: 'running',
  queued: 'waiting',
  notstarted: 'waiting',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  skipped: 'neutral',
};

export function statusTone(status: string): StatusTone {
  return TONES[status.toLowerCase().replace(/[^a-z]/g, '')] ?? 'neutral';
}
