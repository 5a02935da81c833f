// First, before any module builds a schema: the app runs under a CSP without 'unsafe-eval'.
import '@aisle/domain/jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { FetchLike } from './api/api-client.ts';
import { App } from './app/app.tsx';
import { openBrowserDatabase } from './db/browser-database.ts';
import { browserNetwork } from './features/sync/network.ts';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');
const root = createRoot(container);

// Bound here once: calling an unbound `window.fetch` as a method throws "Illegal invocation".
const browserFetch: FetchLike = (input, init) => window.fetch(input, init);
const network = browserNetwork();

openBrowserDatabase().then(
  (db) => {
    root.render(
      <StrictMode>
        <App db={db} baseUrl={window.location.origin} fetch={browserFetch} network={network} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    console.error('opening the local database failed', error);
    root.render(
      <main className="fatal" role="alert">
        <h1>Aisle cannot open its local storage</h1>
        <p>Close other Aisle tabs and reload. If this keeps happening, check that the browser allows site data for this page.</p>
      </main>,
    );
  },
);
