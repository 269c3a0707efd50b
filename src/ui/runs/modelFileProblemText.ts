// The sentence the model file loader shows when the files given could not be opened and evaluated.

import type { ModelFileProblem } from '../../store/problems';

export function modelFileProblemText(problem: ModelFileProblem): string {
  switch (problem.kind) {
    case 'no-weights-file':
      return 'Choose a .safetensors weights file (from a PyTorch project, with its config.json).';
    case 'bad-project-config':
      return problem.message;
    case 'bad-weights':
      return `${problem.fileName}: ${problem.message}`;
    case 'unusable-settings':
      return `The run's settings in ${problem.fileName} cannot be used: ${problem.issue.message}.`;
    case 'no-data':
      return `Load the data this model was trained on first${problem.issue ? ` (${problem.issue.message})` : ''}.`;
  }
}
