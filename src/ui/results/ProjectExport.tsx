import { useState } from 'react';
import { CELLS, type CellKind, MODEL_NAME } from '../../config';
import { usePlayground } from '../../store';
import { downloadBytes } from '../runs/download';

/** Continue a finished run in PyTorch: each network as a project (train.py, model.py, data, weights). */
export function ProjectExport() {
  const runStatus = usePlayground((s) => s.runStatus);
  const results = usePlayground((s) => s.results);
  const exportProject = usePlayground((s) => s.exportProject);
  const [busy, setBusy] = useState<CellKind | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (runStatus !== 'finished' || !CELLS.some((c) => results[c])) return null;
  const run = async (cell: CellKind) => {
    setBusy(cell);
    setProblem(null);
    try {
      const { name, bytes } = await exportProject(cell);
      downloadBytes(name, bytes, 'application/zip');
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="project-export">
      <p>
        Continue in PyTorch: a project with this run's data as prepared here, its settings, initial and
        trained weights, and a <code>train.py</code> that trains the same way on one CPU or GPU, or on many
        with <code>torchrun</code>.
      </p>
      {CELLS.filter((c) => results[c]).map((cell) => (
        <button key={cell} type="button" onClick={() => void run(cell)} disabled={busy !== null}>
          {busy === cell
            ? `Making the ${MODEL_NAME[cell]} project…`
            : `${MODEL_NAME[cell]} as a PyTorch project (.zip)`}
        </button>
      ))}
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
