import { CELLS } from '../../config';
import { usePlayground } from '../../store';
import { ProjectButtons } from '../runs/ProjectButtons';

/**
 * Continue a finished run in PyTorch: each network as a project, made on the page from the project source
 * the worker sent just before the run's 'finished'.
 */
export function ProjectExport() {
  const runStatus = usePlayground((s) => s.runStatus);
  const results = usePlayground((s) => s.results);
  const exportProject = usePlayground((s) => s.exportProject);
  const cells = CELLS.filter((c) => results[c]);
  if (runStatus !== 'finished' || cells.length === 0) return null;
  return <ProjectButtons cells={cells} project={exportProject} />;
}
