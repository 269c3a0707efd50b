// The sentence the training bar shows when "Train both" could not start.

import { MODEL_NAME } from '../../config';
import type { StartProblem } from '../../store/problems';

export function startProblemText(problem: StartProblem): string {
  switch (problem.kind) {
    case 'no-data':
      return 'Load a dataset first.';
    case 'data':
      return problem.error.message;
    case 'invalid-setting':
      return `${MODEL_NAME[problem.model]} setting "${problem.field}": ${problem.problem}`;
  }
}
