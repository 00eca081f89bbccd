import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProvider } from './app/provider';
import { AppRouter } from './app/router';
import { initTheme } from './features/theme/theme';
import { shareCspNonce } from './lib/csp-nonce';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('No #root element');

initTheme();
shareCspNonce();

createRoot(root).render(
  <StrictMode>
    <AppProvider>
      <AppRouter />
    </AppProvider>
  </StrictMode>,
);
