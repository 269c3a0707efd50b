import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { playgroundStore } from './store';
import { savedRunsStore } from './store/savedRuns';
import { restoreFromLink } from './store/savedRunsShare';
import { App } from './ui/App';
import './ui/styles.css';

// Open a shared link's settings (and its sample), or else the first bundled sample, loaded and charted.
const { samples, loadSample } = playgroundStore.getState();
const linkedSample = new URLSearchParams(window.location.search).get('sample');
if (!samples.some((s) => s.id === linkedSample) && samples.length > 0) void loadSample(samples[0].id);
restoreFromLink({ playground: playgroundStore, savedRuns: savedRunsStore }, window.location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
