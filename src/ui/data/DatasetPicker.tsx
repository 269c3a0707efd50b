import { useId, useState } from 'react';
import { usePlayground } from '../../store';

/** Pick a bundled sample, or drop / choose a CSV file. The drop zone is also a keyboard-usable button. */
export function DatasetPicker() {
  const samples = usePlayground((s) => s.samples);
  const source = usePlayground((s) => s.source);
  const loading = usePlayground((s) => s.loading);
  const loadSample = usePlayground((s) => s.loadSample);
  const loadFile = usePlayground((s) => s.loadFile);
  const [dragging, setDragging] = useState(false);
  const sampleId = useId();
  const fileId = useId();
  const sampleValue = source?.kind === 'sample' ? source.id : '';
  return (
    <div className="dataset-picker">
      <div className="field">
        <label htmlFor={sampleId}>Sample dataset</label>
        <select
          id={sampleId}
          value={sampleValue}
          onChange={(event) => {
            if (event.target.value) void loadSample(event.target.value);
          }}
        >
          {sampleValue === '' && <option value="">— your file —</option>}
          {samples.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <label
        htmlFor={fileId}
        className={`drop-zone${dragging ? ' drop-zone--active' : ''}`}
        data-testid="drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          const file = event.dataTransfer.files[0];
          if (file) void loadFile(file);
        }}
      >
        <span className="drop-zone-title">
          <strong>Drop a CSV file here</strong> or <span className="link-like">choose one</span>
        </span>
        <span className="muted small">
          A time column (optional) and one or more numeric columns. The file stays in your browser.
        </span>
        <input
          id={fileId}
          type="file"
          aria-label="CSV file"
          accept=".csv,.tsv,.txt,text/csv,text/plain"
          className="visually-hidden"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void loadFile(file);
            event.target.value = '';
          }}
        />
      </label>
      {loading && (
        <p className="loading" role="status">
          Reading {loading.name}
          {loading.progress
            ? ` — ${Math.round((100 * loading.progress.bytesRead) / loading.progress.totalBytes)} %`
            : '…'}
        </p>
      )}
    </div>
  );
}
