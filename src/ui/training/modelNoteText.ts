// Words for why a model's status changed (the line under its progress numbers).

import { type CellKind, MODEL_NAME } from '../../config';
import type { ModelNote } from '../../worker/protocol';
import { describeFailure } from './failureText';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function modelNoteText(cell: CellKind, note: ModelNote): string {
  const name = MODEL_NAME[cell];
  switch (note.kind) {
    case 'training':
      return `${name} is training.${note.compilingKernels ? ' The first step compiles the GPU kernels, which can take a while.' : ''}`;
    case 'kernels-ready':
      return `${name} is training (kernels ready after ${Math.round(note.afterMs / 100) / 10} s).`;
    case 'stopped':
      return `${name} was stopped at epoch ${note.epoch}, step ${note.step}.`;
    case 'early-stopped':
      return `${name} stopped early at epoch ${note.epoch}: validation loss did not improve for ${plural(note.patience, 'epoch')}. Using the weights of epoch ${note.bestEpoch}.`;
    case 'finished':
      return `${name} finished ${plural(note.epochs, 'epoch')}; best validation loss at epoch ${note.bestEpoch}.`;
    case 'loaded':
      return `${name} was loaded from a file and evaluated on this data (not trained).`;
    case 'refitting':
      return `${name} is refitting on all ${note.rows} rows for ${plural(note.epochs, 'epoch')} to forecast past the data (the test metrics stay those of the model that never saw the test part).`;
    case 'failed':
      return describeFailure(note.failure).text;
  }
}
