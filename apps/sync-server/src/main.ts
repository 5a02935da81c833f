import { mkdir } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { ensureDemo } from './demo/seed.ts';
import { openStorage } from './storage/open.ts';
import { ScopeNotifier } from './sync/notifier.ts';
import { PgScopeRelay } from './sync/scope-relay.ts';
import { archiveFinishedWork } from './sync/archive.ts';
import { expireCartHolds, tenantsWithExpiredHolds } from './inventory/reservations.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts'; // channels (issue 4)
import { NotificationDispatcher } from './notifications/dispatcher.ts'; // notifications

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));

const config = loadConfig(process.env);
await mkdir(config.dataDir, { recursive: true });
const db = await openStorage(config);
const clock = () => new Date();
const credentials = config.demo ? await ensureDemo(db, config.dataDir, clock(), { scale: config.demoScale }) : null;

// Channels (issue 4): status webhooks out, polled from the outbox; every instance may run one.
const webhooks = new WebhookDispatcher({ db, clock, log });
webhooks.start();

// Notifications: customer e-mail from the outbox. Without SMTP_URL nothing is sent; rows stay pending and listed.
const mail = config.smtpUrl ? new NotificationDispatcher({ db, clock, log, smtpUrl: config.smtpUrl, from: config.mailFrom, publicUrl: config.publicUrl }) : null;
if (mail) mail.start();
else log({ level: 'warn', msg: 'SMTP_URL is not set: customer notifications are queued but not sent' });

// Cart holds past their time give their units back even when nobody orders that SKU.
const sweepHolds = setInterval(() => {
  void (async () => {
    for (const tenantId of await tenantsWithExpiredHolds(db, clock())) {
      const released = await db.transaction((tx) => expireCartHolds(tx, tenantId, clock()));
      if (released > 0) log({ level: 'info', msg: 'expired cart holds released', tenantId, units: released });
    }
  })().catch((e: unknown) => log({ level: 'error', msg: 'cart hold sweep failed', err: String(e) }));
}, 30_000);
sweepHolds.unref();

// Finished work older than the replica's history leaves the devices as tombstones.
const archive = setInterval(() => {
  void db
    .transaction((tx) => archiveFinishedWork(tx, clock()))
    .then((n) => n > 0 && log({ level: 'info', msg: 'finished fulfilment orders archived from device replicas', count: n }))
    .catch((e: unknown) => log({ level: 'error', msg: 'replica archive failed', err: String(e) }));
}, 3600_000);
archive.unref();

// Several instances on one PostgreSQL: each tells the others' devices what changed.
const notifier = new ScopeNotifier();
const relay = config.databaseUrl ? new PgScopeRelay({ connectionString: config.databaseUrl, namespace: 'public', notifier, log }) : undefined;
await relay?.start();

const app = createApp({ db, notifier, clock, pwaDistDir: config.pwaDistDir, sseKeepAliveMs: 15_000, log });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const url = `http://localhost:${info.port}`;
  log({ level: 'info', msg: 'listening', url, storage: db.kind, dataDir: config.dataDir });
  if (credentials) {
    console.log(`\nAisle is running at ${url}  (storage: ${db.kind})`);
    console.log(`  Channel API key (web):  ${credentials.channelKey}`);
    for (const [location, code] of Object.entries(credentials.enrolmentCodes)) {
      console.log(`  Enrolment code for ${location}:  ${code}`);
    }
    // Channels (issue 4): the secret stays in the file, never on the console.
    console.log(`  Shopify webhook:  POST ${url}/api/v1/channels/shopify/orders  (shop ${credentials.shopifyShopDomain}, secret in the file below)`);
    console.log(`  Staff badges and PINs, and the admin key: in the file below (people, adminKey)`);
    console.log(`  (also in ${config.dataDir}/demo-credentials.json)\n`);
  }
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log({ level: 'info', msg: 'shutting down', signal });
  // Open SSE streams would hold server.close() for seconds; closeAllConnections ends them.
  server.close();
  if ('closeAllConnections' in server) server.closeAllConnections();
  clearInterval(sweepHolds);
  clearInterval(archive);
  await relay?.stop();
  await webhooks.stop(); // channels (issue 4): let a send in flight record its outcome
  await mail?.stop(); // notifications: same
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
