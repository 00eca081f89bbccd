import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProvider } from './app/provider';
import { AppRouter } from './app/router';
import { registerServiceWorker } from './features/notifications/push/service-worker';
import { initTheme } from './features/theme/theme';
import { shareCspNonce } from './lib/csp-nonce';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('No #root element');

initTheme();
shareCspNonce();
registerServiceWorker();

// As a transition, the first render yields to the browser every few milliseconds instead of holding
// the main thread until the whole page is built, so input and paint are not blocked behind it.
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <AppProvider>
        <AppRouter />
      </AppProvider>
    </StrictMode>,
  );
});
