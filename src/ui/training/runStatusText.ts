// The sentence the training bar's status region reads for the run's state.

import type { RunStatus } from '../../store/types';

const STATUS_TEXT: Record<RunStatus, string> = {
  idle: 'Ready.',
  starting: 'Starting…',
  training: 'Training…',
  paused: 'Paused.',
  stopping: 'Stopping…',
  evaluating: 'Finishing the evaluation…',
  finished: 'Finished.',
  failed: 'Training failed.',
};

/** "Training…", "Stopped; finishing the evaluation…", "Stopped.", …: a stopped run says so from its training's end. */
export function runStatusText(runStatus: RunStatus, stoppedByUser: boolean): string {
  if (stoppedByUser && runStatus === 'evaluating') return 'Stopped; finishing the evaluation…';
  if (stoppedByUser && runStatus === 'finished') return 'Stopped.';
  return STATUS_TEXT[runStatus];
}
