import { DataSummary } from './data/DataSummary';
import { DatasetPicker } from './data/DatasetPicker';
import { LoadError } from './data/LoadError';
import { OverviewChart } from './data/OverviewChart';
import { PreparedReport } from './data/PreparedReport';
import { PrepareForm } from './data/PrepareForm';
import { RolesForm } from './data/RolesForm';
import { GpuStatusPanel } from './GpuStatusPanel';
import { ModelCard } from './models/ModelCard';
import { BacktestPanel } from './results/BacktestPanel';
import { ForecastChart } from './results/ForecastChart';
import { MetricsTable } from './results/MetricsTable';
import { PredictionChart } from './results/PredictionChart';
import { ProjectExport } from './results/ProjectExport';
import { ModelFileLoader } from './runs/ModelFileLoader';
import { SavedRunsSection } from './runs/SavedRunsSection';
import { ShareBar } from './runs/ShareBar';
import { LossChart } from './training/LossChart';
import { Notices } from './training/Notices';
import { OtherDataNotice } from './training/OtherDataNotice';
import { TrainBar } from './training/TrainBar';
import { TrainingStats } from './training/TrainingStats';
import { TunePanel } from './tune/TunePanel';
import { useGpuStatus } from './useGpuStatus';

export function App() {
  const probe = useGpuStatus();
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>Forecast Lab</h1>
          <p className="tagline">
            Train an LSTM and a GRU on a time series side by side, on your own GPU, and compare their
            forecasts.
          </p>
        </div>
        <GpuStatusPanel probe={probe} />
      </header>

      <main className="playground" aria-label="Playground">
        <section className="hero card" aria-label="Train">
          <TrainBar />
          <Notices />
        </section>

        <div className="layout">
          <div className="column column--setup">
            <section className="card" aria-labelledby="data-title">
              <h2 id="data-title">1 · Data</h2>
              <DatasetPicker />
              <LoadError />
              <DataSummary />
              <RolesForm />
              <PrepareForm />
              <PreparedReport />
            </section>
            <section className="models" aria-labelledby="models-title">
              <h2 id="models-title">2 · Models</h2>
              <ModelCard cell="lstm" />
              <ModelCard cell="gru" />
            </section>
            <section className="card" aria-labelledby="share-title">
              <h2 id="share-title">Share settings</h2>
              <ShareBar />
              <ModelFileLoader />
            </section>
          </div>

          <div className="column column--results">
            <section className="card" aria-labelledby="series-title">
              <h2 id="series-title">Series</h2>
              <OverviewChart />
            </section>
            <section className="card" aria-labelledby="training-title">
              <h2 id="training-title">3 · Training</h2>
              <OtherDataNotice of="run" />
              <TrainingStats />
              <LossChart />
            </section>
            <section className="card" aria-labelledby="compare-title">
              <h2 id="compare-title">4 · Compare</h2>
              <OtherDataNotice of="run" />
              <MetricsTable />
              <PredictionChart />
              <ForecastChart />
              <BacktestPanel />
              <ProjectExport />
            </section>
            <section className="card" aria-labelledby="tune-title">
              <h2 id="tune-title">5 · Tune</h2>
              <TunePanel />
            </section>
            <SavedRunsSection />
          </div>
        </div>
      </main>
    </div>
  );
}
