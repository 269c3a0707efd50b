import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { playgroundStore } from './store';
import { App } from './ui/App';
import './ui/styles.css';

// Open with the first bundled sample loaded and charted.
const { samples, loadSample } = playgroundStore.getState();
if (samples.length > 0) void loadSample(samples[0].id);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
