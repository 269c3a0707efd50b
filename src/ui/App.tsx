import { GpuStatusPanel } from './GpuStatusPanel';
import { useGpuStatus } from './useGpuStatus';

export function App() {
  const probe = useGpuStatus();
  return (
    <div className="app">
      <header className="app-header">
        <h1>Forecast Lab</h1>
        <p className="tagline">
          Drop a CSV time series and train an LSTM and a GRU on it side by side, on your own GPU, and watch
          them learn.
        </p>
      </header>
      <GpuStatusPanel probe={probe} />
      <main className="playground" aria-label="Playground">
        <p className="muted">The playground loads here.</p>
      </main>
    </div>
  );
}
