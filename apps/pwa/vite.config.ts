import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const THEME_COLOUR = '#0f766e';

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      // A new version waits for the associate to accept it: reloading mid-pick would lose their place.
      registerType: 'prompt',
      strategies: 'generateSW',
      injectRegister: false,
      // workbox.globPatterns already precaches everything in public/, icons included.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Aisle',
        short_name: 'Aisle',
        description: 'Pick, pack and hand off store orders, online or offline.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME_COLOUR,
        background_color: '#f8fafc',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,txt}'],
        // Deep links such as /orders/:id must open offline; the API must never get the app shell.
        navigateFallback: 'index.html',
        // The API and the customer's tracking page are the server's: a device with the app installed must not answer them with the app.
        navigateFallbackDenylist: [/^\/api\//, /^\/track\//],
        cleanupOutdatedCaches: true,
      },
      devOptions: { enabled: false },
    }),
  ],
  server: {
    proxy: {
      // `npm run dev -w @aisle/pwa` talks to a sync server started separately.
      '/api': { target: process.env['AISLE_API_URL'] ?? 'http://localhost:8080', changeOrigin: true },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // RxDB + Dexie + React + zod are ~200 kB gzipped; the service worker precaches it once per version.
    chunkSizeWarningLimit: 800,
  },
});
