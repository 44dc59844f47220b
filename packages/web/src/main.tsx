import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Tokens and base styles first: every component's stylesheet (imported beside it) builds on them.
import './ui/tokens.css';
import './ui/base.css';
import './ui/utilities.css';
import { App } from './app-shell/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
