import { usePlayground } from '../../store';
import { selectRunFromOtherData, selectSweepFromOtherData } from '../../store/selectors';

/**
 * Says plainly that the results below belong to the data loaded before this one: a run or sweep that was
 * still going when other data was loaded keeps training on its own data (settled results are cleared).
 */
export function OtherDataNotice({ of }: { of: 'run' | 'sweep' }) {
  const other = usePlayground(of === 'run' ? selectRunFromOtherData : selectSweepFromOtherData);
  const current = usePlayground((s) => s.source?.name ?? null);
  if (other === null) return null;
  const what = of === 'run' ? 'run' : 'sweep';
  const next =
    of === 'run'
      ? `It is saved under Saved runs when it ends; train again for “${current}”.`
      : `Tune again for “${current}”.`;
  return (
    <p className="notice notice--warning" role="status" aria-label={`The ${what} is on other data`}>
      From other data: this {what} is on “{other}”, not on “{current}” loaded now, so its results say nothing
      about “{current}”. {next}
    </p>
  );
}
