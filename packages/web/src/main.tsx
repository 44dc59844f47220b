import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app-shell/App';
import './app-shell/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
