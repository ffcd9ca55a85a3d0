import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { preloadJourneyAt } from './flows/pages/journey-data';
import './styles.css';

// Opening a flow's address: its data and the canvas's code are requested now, beside the session check.
preloadJourneyAt(window.location.pathname);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
