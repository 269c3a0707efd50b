import { type DragEvent, useId, useState } from 'react';
import { MODEL_NAME } from '../../config';
import { usePlayground } from '../../store';
import { modelFileProblemText } from './modelFileProblemText';

/**
 * Bring a model back: its .safetensors (from the page, or from a PyTorch project's train.py with the
 * project's config.json) is evaluated on the loaded data, and training can go on from it.
 */
export function ModelFileLoader() {
  const load = usePlayground((s) => s.loadModelFiles);
  const loaded = usePlayground((s) => s.loadedModel);
  const problem = usePlayground((s) => s.modelFileProblem);
  const runStatus = usePlayground((s) => s.runStatus);
  const trainBoth = usePlayground((s) => s.trainBoth);
  const [over, setOver] = useState(false);
  const inputId = useId();
  const busy = runStatus === 'training' || runStatus === 'starting' || runStatus === 'paused';
  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setOver(false);
    void load([...event.dataTransfer.files]);
  };
  return (
    <div className="model-drop">
      <label
        htmlFor={inputId}
        className={`runs-file-button${over ? ' model-drop--over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        Open a model (.safetensors, with its config.json)
      </label>
      <input
        id={inputId}
        type="file"
        multiple
        accept=".safetensors,.json,application/json"
        className="runs-file-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) void load(files);
        }}
      />
      <span className="field-hint"> or drop both files on the button</span>
      {problem && (
        <p className="field-problem" role="alert">
          {modelFileProblemText(problem)}
        </p>
      )}
      {loaded && !problem && (
        <p role="status">
          {MODEL_NAME[loaded.cell]} from {loaded.fileName}: its settings are applied and its forecast and
          metrics are below, evaluated on the loaded data.{' '}
          <button type="button" disabled={busy} onClick={() => trainBoth({ [loaded.cell]: loaded.weights })}>
            Train on from these weights
          </button>
        </p>
      )}
    </div>
  );
}
