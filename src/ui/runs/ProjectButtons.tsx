import { useId, useState } from 'react';
import { type CellKind, MODEL_NAME } from '../../config';
import type { RunProject } from '../../persist/runProject';
import { downloadBytes } from './download';

/**
 * Continue a run in PyTorch: one button per network, each downloading its project (train.py, model.py, data,
 * weights). A network whose run lacks a part of the project says which, before anyone clicks.
 */
export function ProjectButtons({
  cells,
  project,
}: {
  cells: CellKind[];
  project: (cell: CellKind) => RunProject;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const projects = cells.map((cell) => ({ cell, project: project(cell) }));
  const download = (p: RunProject) => {
    if (!p.ok) return;
    setProblem(null);
    try {
      downloadBytes(p.name, p.zip(), 'application/zip');
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="project-export">
      <p>
        Continue in PyTorch: a project with this run's data as prepared here, its settings, initial and
        trained weights, and a <code>train.py</code> that trains the same way on one CPU or GPU, or on many
        with <code>torchrun</code>.
      </p>
      {projects.map(({ cell, project: p }) => (
        <button
          key={cell}
          type="button"
          onClick={() => download(p)}
          disabled={!p.ok}
          aria-describedby={p.ok ? undefined : `${id}-${cell}`}
        >
          {MODEL_NAME[cell]} as a PyTorch project (.zip)
        </button>
      ))}
      {projects.map(({ cell, project: p }) =>
        p.ok ? null : (
          <p key={cell} id={`${id}-${cell}`} className="field-problem">
            {p.problem.message}
          </p>
        ),
      )}
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
