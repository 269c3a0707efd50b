import { useId, useRef, useState } from 'react';
import { usePlayground } from '../../store';

/** Pick a bundled sample, or drop / choose a CSV file. The drop zone is also a keyboard-usable button. */
export function DatasetPicker() {
  const samples = usePlayground((s) => s.samples);
  const source = usePlayground((s) => s.source);
  const loading = usePlayground((s) => s.loading);
  const loadSample = usePlayground((s) => s.loadSample);
  const loadFile = usePlayground((s) => s.loadFile);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
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
      <div
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
        <p>
          <strong>Drop a CSV file here</strong> or{' '}
          <button type="button" className="link-button" onClick={() => inputRef.current?.click()}>
            choose one
          </button>
        </p>
        <label htmlFor={fileId} className="visually-hidden">
          CSV file
        </label>
        <input
          ref={inputRef}
          id={fileId}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/plain"
          className="visually-hidden"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void loadFile(file);
            event.target.value = '';
          }}
        />
        <p className="muted small">A time column (optional) and one or more numeric columns; stays in your browser.</p>
      </div>
      {loading && (
        <p className="loading" role="status">
          Reading {loading.name}
          {loading.progress ? ` — ${Math.round((100 * loading.progress.bytesRead) / loading.progress.totalBytes)} %` : '…'}
        </p>
      )}
    </div>
  );
}
