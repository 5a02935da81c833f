/**
 * Capture, reservation and ATP throughput over HTTP (issue 4). Not a test: run from the repo root with
 *
 *   node --import tsx bench/capture.bench.ts [--backend pglite|postgres|both] [--seconds N]
 *
 * It starts the sync server as a child process on a free port of 127.0.0.1 with
 * `AISLE_DEMO_SCALE=bench` (10 UK locations × 2,000 SKUs), on a fresh PGlite data
 * dir or a fresh PostgreSQL database it creates and drops, and talks to it over
 * HTTP only (benchmarks never import app code). Cases, each after a short warm-up:
 *   1. 3-line ship-to-home orders, 16 clients (capture → route → reserve);
 *   2. cart holds of 1 unit on one hot SKU × location, 32 clients, then an oversell check;
 *   3. single-SKU network ATP reads, 16 clients;
 *   4. PostgreSQL only: one transaction per hold (the route's SQL before it group-committed) sent directly with `pg`, 32 clients, for the HTTP/direct ratio.
 * It prints the tables and rewrites its own section of bench/results.md.
 *
 * Profiling: `--cases orders,holds,atp` runs a subset, `--cpu-prof DIR` starts the
 * server with V8's CPU profiler writing into DIR; either leaves results.md alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, percentile, processCpuSeconds, writeResultsSection } from './support.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const WARMUP_SECONDS = 3;
const ORDER_CLIENTS = 16;
const HOLD_CLIENTS = 32;
const ATP_CLIENTS = 16;
// The seed's naming (AISLE_DEMO_SCALE=bench): SKUs BENCH-00001…BENCH-02000, the warehouse is bench-wh.
const SKUS = Array.from({ length: 2000 }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
const HOT_LOCATION = 'bench-wh';
const HOT_SKU_HTTP = 'BENCH-02000';
const HOT_SKU_DIRECT = 'BENCH-01999';

type Backend = 'pglite' | 'postgres';
const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '15' },
    // Profiling runs: a subset of the HTTP cases, and V8 CPU profiles of the server child.
    // Either one means the run is partial, so results.md is left as it is.
    cases: { type: 'string', default: 'orders,holds,atp' },
    'cpu-prof': { type: 'string' },
  },
});
const seconds = Number(args.seconds);
if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new Error(`--seconds must be 1–600, got ${args.seconds}`);
const backends: Backend[] =
  args.backend === 'both' ? ['postgres', 'pglite'] : args.backend === 'pglite' || args.backend === 'postgres' ? [args.backend] : [];
if (backends.length === 0) throw new Error(`--backend must be pglite, postgres or both, got ${args.backend}`);
const ALL_CASES = ['orders', 'holds', 'atp'] as const;
type Case = (typeof ALL_CASES)[number];
const cases = new Set(args.cases.split(',').map((x) => x.trim()));
for (const c of cases) if (!(ALL_CASES as readonly string[]).includes(c)) throw new Error(`--cases takes ${ALL_CASES.join(',')}, got ${c}`);
const wanted = (c: Case) => cases.has(c);
const cpuProfDir = args['cpu-prof'] ? path.resolve(args['cpu-prof']) : undefined;
const partial = cases.size < ALL_CASES.length || cpuProfDir !== undefined;

const TARGETS = {
  pglite: { orders: 250, ordersP99: null, holds: null, atp: 2000 },
  postgres: { orders: 500, ordersP99: 100, holds: 1000, atp: 2000 },
} as const;

/** Cities across the UK; addresses are jittered around them. */
const CITIES: readonly [string, string, number, number][] = [
  ['London', 'EC1A 1BB', 51.52, -0.1], ['Birmingham', 'B1 1AA', 52.48, -1.9], ['Manchester', 'M2 5DB', 53.48, -2.24],
  ['Leeds', 'LS2 7HY', 53.8, -1.55], ['Bristol', 'BS1 5TR', 51.45, -2.59], ['Glasgow', 'G2 1DY', 55.86, -4.25],
  ['Edinburgh', 'EH2 2ER', 55.95, -3.19], ['Cardiff', 'CF10 2EQ', 51.48, -3.18], ['Newcastle', 'NE1 4ST', 54.97, -1.61],
  ['Norwich', 'NR1 3QU', 52.63, 1.3], ['Southampton', 'SO14 7DU', 50.9, -1.4], ['Plymouth', 'PL1 2AA', 50.37, -4.14],
  ['Aberdeen', 'AB10 1XG', 57.15, -2.1], ['Belfast', 'BT1 5GS', 54.6, -5.93], ['Nottingham', 'NG1 5FS', 52.95, -1.15],
];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

function orderBody(id: string): string {
  const [city, postalCode, lat, lon] = pick(CITIES);
  const skus = new Set<string>();
  while (skus.size < 3) skus.add(pick(SKUS));
  return JSON.stringify({
    externalId: id,
    customer: { firstName: 'Bench', lastName: `Shopper ${id.slice(-6)}`, email: 'bench@example.com' },
    deliveryMethod: 'ship',
    shipTo: {
      line1: `${1 + Math.floor(Math.random() * 200)} High Street`, city, postalCode, country: 'GB',
      geo: { lat: lat + (Math.random() - 0.5) * 0.3, lon: lon + (Math.random() - 0.5) * 0.3 },
    },
    currency: 'GBP',
    lines: [...skus].map((sku) => ({ sku, quantity: 1 + Math.floor(Math.random() * 2), unitPriceMinor: 1299 })),
  });
}

// ---------------------------------------------------------------- HTTP client

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Reply {
  status: number;
  body: string;
}

function request(port: number, method: string, url: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------- load loop

interface Measured {
  ok: number;
  errors: number;
  errorSample: string;
  seconds: number;
  latencies: number[];
  clientCpuCores: number;
  serverCpuCores: number | null;
  /** PostgreSQL backends of the bench database (its pool's connections), or null on PGlite. */
  dbCpuCores: number | null;
}

/** /proc/<pid>/stat user+system time in seconds (Linux), so a row can say how much of the 2 cores the server used. */

/** `clients` workers call `op` back to back until the deadline; op resolves true on success or a short error text. */
async function load(clients: number, durationS: number, op: () => Promise<true | string>, serverPid?: number, dbPids?: readonly number[]): Promise<Measured> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let errorSample = '';
  const cpu0 = process.cpuUsage();
  const server0 = processCpuSeconds(serverPid);
  const db0 = dbPids ? dbPids.map(processCpuSeconds) : null;
  const t0 = performance.now();
  const deadline = t0 + durationS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const s = performance.now();
        let outcome: true | string;
        try {
          outcome = await op();
        } catch (e) {
          outcome = String(e);
        }
        latencies.push(performance.now() - s);
        if (outcome === true) ok++;
        else {
          errors++;
          errorSample ||= outcome.slice(0, 200);
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = processCpuSeconds(serverPid);
  // A backend that exited during the case counts nothing; the pool keeps its connections, so that is rare.
  const db1 = dbPids ? dbPids.map(processCpuSeconds) : null;
  const dbSeconds =
    db0 && db1
      ? db1.reduce<number>((n, x, i) => {
          const before = db0[i];
          return n + (x !== null && before !== null && before !== undefined ? x - before : 0);
        }, 0)
      : null;
  latencies.sort((a, b) => a - b);
  return {
    ok, errors, errorSample, seconds: elapsed, latencies,
    clientCpuCores: (cpu.user + cpu.system) / 1e6 / elapsed,
    serverCpuCores: server0 !== null && server1 !== null ? (server1 - server0) / elapsed : null,
    dbCpuCores: dbSeconds === null ? null : dbSeconds / elapsed,
  };
}


// ---------------------------------------------------------------- server lifecycle


interface Running {
  child: ChildProcess;
  port: number;
  dataDir: string;
  key: string;
  seedSeconds: number;
}

async function startServer(dataDir: string, databaseUrl: string | undefined): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', AISLE_DATA_DIR: dataDir, AISLE_DEMO: 'true', AISLE_DEMO_SCALE: 'bench' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const t0 = performance.now();
  const profile = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'apps/sync-server/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (c: Buffer) => (log = (log + c.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGTERM' && code !== 0) console.error(`server exited unexpectedly (${code ?? signal}):\n${log}`);
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    const up = await request(port, 'GET', '/api/health', {}).then((r) => r.status === 200, () => false);
    if (up) {
      const creds = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { benchChannelKey?: string };
      if (!creds.benchChannelKey) throw new Error('demo-credentials.json has no benchChannelKey: does the seed know AISLE_DEMO_SCALE=bench?');
      return { child, port, dataDir, key: creds.benchChannelKey, seedSeconds: (performance.now() - t0) / 1000 };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`server did not become healthy in 120 s:\n${log}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- cases

interface Row {
  case: Case | 'direct';
  name: string;
  m: Measured;
  unit: string;
  target: string;
  met: boolean | null;
  note?: string;
}

interface Level {
  onHand: number;
  reserved: number;
  beforeClamp: number;
}

async function atpLevel(port: number, key: string, sku: string, location: string): Promise<Level> {
  const r = await request(port, 'GET', `/api/v1/atp?sku=${encodeURIComponent(sku)}&location=${encodeURIComponent(location)}`, { Authorization: `Bearer ${key}` });
  if (r.status !== 200) throw new Error(`ATP read failed: ${r.status} ${r.body}`);
  const e = (JSON.parse(r.body) as { locations: { explanation: Level }[] }).locations[0]!.explanation;
  return { onHand: e.onHand, reserved: e.reserved, beforeClamp: e.beforeClamp };
}

/** The server's PostgreSQL backends (same host), read after a warm-up so the pool's connections are open. */
async function backendPids(dbName: string | null): Promise<number[] | undefined> {
  if (!dbName) return undefined;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
    return rows.map((r) => r.pid);
  } finally {
    await admin.end();
  }
}

async function httpCases(backend: Backend, s: Running, dbName: string | null): Promise<{ rows: Row[]; oversell: string }> {
  const auth = { Authorization: `Bearer ${s.key}` };
  const json = { ...auth, 'Content-Type': 'application/json' };
  const pid = s.child.pid;
  const t = TARGETS[backend];
  const run = randomBytes(3).toString('hex');
  let seq = 0;
  const placeOrder = async (): Promise<true | string> => {
    const id = `BENCH-${run}-${++seq}`;
    const r = await request(s.port, 'POST', '/api/v1/orders', { ...json, 'Idempotency-Key': randomUUID() }, orderBody(id));
    return r.status >= 200 && r.status < 300 ? true : `${r.status} ${r.body}`;
  };
  const hold = (sku: string) => async (): Promise<true | string> => {
    const r = await request(s.port, 'POST', '/api/v1/holds', json, JSON.stringify({ sku, quantity: 1, locationId: HOT_LOCATION, ttlSeconds: 3600 }));
    return r.status >= 200 && r.status < 300 ? true : `${r.status} ${r.body}`;
  };
  const readAtp = async (): Promise<true | string> => {
    const r = await request(s.port, 'GET', `/api/v1/atp?sku=${pick(SKUS)}`, auth);
    return r.status === 200 ? true : `${r.status} ${r.body}`;
  };

  const rows: Row[] = [];
  if (wanted('orders')) {
    await load(ORDER_CLIENTS, WARMUP_SECONDS, placeOrder);
    const orders = await load(ORDER_CLIENTS, seconds, placeOrder, pid, await backendPids(dbName));
    const orderRate = orders.ok / orders.seconds;
    const p99 = percentile(orders.latencies, 0.99);
    rows.push({
      case: 'orders', name: `(1) capture → route → reserve, 3-line ship orders, ${ORDER_CLIENTS} clients`, m: orders, unit: 'orders/s',
      target: `≥ ${t.orders}/s${t.ordersP99 !== null ? `, p99 ≤ ${t.ordersP99} ms` : ''}, 0 errors`,
      met: orderRate >= t.orders && (t.ordersP99 === null || p99 <= t.ordersP99) && orders.errors === 0,
    });
  }

  let oversell = '';
  if (wanted('holds')) {
    // Warm the hold path on another SKU so the hot SKU's before/after difference is exactly the measured holds.
    await load(HOLD_CLIENTS, 1, hold(HOT_SKU_DIRECT));
    const before = await atpLevel(s.port, s.key, HOT_SKU_HTTP, HOT_LOCATION);
    const holds = await load(HOLD_CLIENTS, seconds, hold(HOT_SKU_HTTP), pid, await backendPids(dbName));
    const after = await atpLevel(s.port, s.key, HOT_SKU_HTTP, HOT_LOCATION);
    const expected = before.onHand - before.reserved - holds.ok;
    const noOversell = after.beforeClamp >= 0 && after.reserved <= after.onHand && after.onHand - after.reserved === expected;
    oversell =
      `${HOT_SKU_HTTP} at ${HOT_LOCATION}: on-hand ${after.onHand}, reserved ${before.reserved} → ${after.reserved} after ${holds.ok} successful holds; ` +
      `on-hand − reserved = ${after.onHand - after.reserved} (expected ${expected}), ATP before clamp ${after.beforeClamp} — ` +
      `**${noOversell ? 'no oversell' : 'MISMATCH'}**`;
    rows.push({
      case: 'holds', name: `(2) cart hold of 1 unit on one hot SKU × location, ${HOLD_CLIENTS} clients`, m: holds, unit: 'reservations/s',
      target: t.holds !== null ? `≥ ${t.holds}/s, no oversell` : 'no oversell',
      met: (t.holds === null || holds.ok / holds.seconds >= t.holds) && noOversell && holds.errors === 0,
    });
  }

  if (wanted('atp')) {
    await load(ATP_CLIENTS, 1, readAtp);
    const atp = await load(ATP_CLIENTS, seconds, readAtp, pid, await backendPids(dbName));
    rows.push({
      case: 'atp', name: `(3) network ATP read, one SKU × 10 locations, ${ATP_CLIENTS} clients`, m: atp, unit: 'reads/s',
      target: `≥ ${t.atp}/s`, met: atp.ok / atp.seconds >= t.atp && atp.errors === 0,
    });
  }
  return { rows, oversell };
}

/** One hold per transaction, verbatim from apps/sync-server/src/inventory/reservations.ts (reserveAll), which the hold route used before it group-committed (inventory/hold-batcher.ts). */
const RESERVE_SQL = `UPDATE stock_levels SET reserved = reserved + $4, updated_at = $5
        WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 AND on_hand - reserved - safety_stock >= $4
        RETURNING reserved`;
const LEDGER_SQL = `INSERT INTO reservations (tenant_id, id, location_id, sku, quantity, kind, order_id, line_id, fulfilment_order_id, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

async function directCase(databaseUrl: string, dbName: string): Promise<{ row: Row; check: string }> {
  // One connection per client plus one for the before/after reads.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: HOLD_CLIENTS + 1 });
  pool.on('error', () => undefined); // an idle connection dropping must not crash the run; the counts and checks tell
  try {
    const level = async () =>
      (
        await pool.query<{ on_hand: number; reserved: number; live: string }>(
          `SELECT on_hand, reserved, (SELECT COALESCE(sum(quantity), 0) FROM reservations r WHERE r.tenant_id = s.tenant_id AND r.location_id = s.location_id
                  AND r.sku = s.sku AND r.status = 'live')::text AS live
             FROM stock_levels s WHERE tenant_id = 'bench' AND location_id = $1 AND sku = $2`,
          [HOT_LOCATION, HOT_SKU_DIRECT],
        )
      ).rows[0]!;
    const clients = await Promise.all(Array.from({ length: HOLD_CLIENTS }, () => pool.connect()));
    const free = [...clients];
    const reserve = async (): Promise<true | string> => {
      const c = free.pop()!;
      try {
        const now = new Date();
        await c.query('BEGIN');
        const { rowCount } = await c.query(RESERVE_SQL, ['bench', HOT_LOCATION, HOT_SKU_DIRECT, 1, now.toISOString()]);
        if (rowCount !== 1) {
          await c.query('ROLLBACK');
          return 'no stock left';
        }
        await c.query(LEDGER_SQL, ['bench', randomUUID(), HOT_LOCATION, HOT_SKU_DIRECT, 1, 'cart_hold', null, null, null,
          new Date(now.getTime() + 3_600_000).toISOString(), now.toISOString()]);
        await c.query('COMMIT');
        return true;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        return String(e);
      } finally {
        free.push(c);
      }
    };
    await load(HOLD_CLIENTS, 1, reserve);
    const before = await level();
    const m = await load(HOLD_CLIENTS, seconds, reserve, undefined, await backendPids(dbName));
    const after = await level();
    for (const c of clients) c.release();
    const ok = after.reserved - before.reserved === m.ok && after.reserved <= after.on_hand && Number(after.live) === after.reserved;
    return {
      row: { case: 'direct', name: `(4) one transaction per hold (the server's SQL before group commit) sent directly with \`pg\`, ${HOLD_CLIENTS} clients`, m, unit: 'reservations/s', target: 'reference', met: null },
      check: `${HOT_SKU_DIRECT} at ${HOT_LOCATION}: reserved ${before.reserved} → ${after.reserved} after ${m.ok} commits, on-hand ${after.on_hand}, ` +
        `live ledger sum ${after.live} — **${ok ? 'no oversell, ledger matches' : 'MISMATCH'}**`,
    };
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------- run

interface Result {
  backend: Backend;
  rows: Row[];
  checks: string[];
  seedSeconds: number;
  ratio: number | null;
}

async function runBackend(backend: Backend): Promise<Result> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aisle-bench-'));
  const dbName = backend === 'postgres' ? `aisle_bench_${randomBytes(4).toString('hex')}` : null;
  const databaseUrl = dbName ? `postgres://postgres@127.0.0.1:5432/${dbName}` : undefined;
  let child: ChildProcess | undefined;
  try {
    if (dbName) {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
    }
    const server = await startServer(dataDir, databaseUrl);
    child = server.child;
    // Ctrl-C on the bench must not leave the server running.
    const stop = () => {
      server.child.kill('SIGTERM');
      process.exit(130);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    console.log(`${backend}: server up on 127.0.0.1:${server.port} after ${server.seedSeconds.toFixed(1)} s (boot + bench seed)`);
    const { rows, oversell } = await httpCases(backend, server, dbName);
    await stopServer(server.child);
    const checks = oversell ? [`HTTP holds: ${oversell}`] : [];
    let ratio: number | null = null;
    const httpHolds = rows.find((r) => r.case === 'holds');
    if (databaseUrl && httpHolds) {
      const direct = await directCase(databaseUrl, dbName!);
      rows.push(direct.row);
      checks.push(`direct SQL: ${direct.check}`);
      const rate = (r: Row) => r.m.ok / r.m.seconds;
      ratio = rate(httpHolds) / rate(direct.row);
    }
    return { backend, rows, checks, seedSeconds: server.seedSeconds, ratio };
  } finally {
    if (child) await stopServer(child);
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

const loadBefore = loadavg()[0]!;
const results: Result[] = [];
for (const b of backends) results.push(await runBackend(b));
agent.destroy();
const loadAfter = loadavg()[0]!;

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');
const cores = (x: number | null): string => (x === null ? '–' : x.toFixed(2));
function table(r: Result): string {
  return [
    '| case | ok | errors | rate | p50 (ms) | p95 (ms) | p99 (ms) | server CPU (cores) | PostgreSQL CPU (cores) | bench client CPU (cores) | target | met? |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.name} | ${x.m.ok} | ${x.m.errors} | ${f1(x.m.ok / x.m.seconds)} ${x.unit} | ${f1(percentile(x.m.latencies, 0.5))} | ${f1(percentile(x.m.latencies, 0.95))} | ` +
        `${f1(percentile(x.m.latencies, 0.99))} | ${cores(x.m.serverCpuCores)} | ${cores(x.m.dbCpuCores)} | ${cores(x.m.clientCpuCores)} | ${x.target} | ${x.met === null ? '–' : x.met ? '**met**' : '**not met**'} |`,
    ),
  ].join('\n');
}

/**
 * What bounds each case, from what this run measured (CPU per operation) and
 * what profiling found (\`--cpu-prof\`, EXPLAIN ANALYZE, per-statement timings).
 */
function bounds(r: Result): string[] {
  const notes: string[] = [];
  const orders = r.rows.find((x) => x.case === 'orders');
  const holds = r.rows.find((x) => x.case === 'holds');
  const atp = r.rows.find((x) => x.case === 'atp');
  const n = cpus().length;
  const rate = (x: Row) => x.m.ok / x.m.seconds;
  const ms = (x: Row, c: number | null) => (c === null || rate(x) === 0 ? '–' : ((c * 1000) / rate(x)).toFixed(2));
  const perOp = (x: Row, what: string) =>
    `per ${what} the server process spent ${ms(x, x.m.serverCpuCores)} ms of CPU` +
    (r.backend === 'postgres' ? `, PostgreSQL ${ms(x, x.m.dbCpuCores)} ms` : '') +
    ` and the bench client ${ms(x, x.m.clientCpuCores)} ms`;
  const budget = (target: number) => ((n * 1000) / target).toFixed(1);
  if (orders && orders.met === false) {
    notes.push(
      r.backend === 'pglite'
        ? `(1) misses: PGlite runs inside the server's one thread, so one core bounds capture: ${perOp(orders, 'order')}; 250/s needs ≤ 4 ms. ` +
            'Profiled: about two thirds of the server is inside PGlite (WebAssembly PostgreSQL executing the one read of routing inputs, ≈ 1.4 ms, the one write of the order, ≈ 3 ms, and the commit), ' +
            'the rest HTTP, zod, the idempotency hash and routing. Done: capture went from ~35 statements to 4, and PGlite statements are prepared once instead of parsed, planned and described on every call.'
        : `(1) misses: the machine is CPU-bound, not waiting: ${perOp(orders, 'order')}, while 500/s leaves ${budget(500)} ms per order for all of them on ${n} cores. ` +
            'Profiled: an order is now 4 statements plus BEGIN/COMMIT (was ~35): the idempotency locks, one read of every routing input (≈ 0.6 ms executing: capacity counters and stock of 10 locations as JSON), ' +
            'one write of the whole order (≈ 2 ms: ~14 rows into 10 indexed tables with their foreign-key checks, the capacity trigger and the conditional reservation UPDATEs) and the commit; ' +
            "the rest of PostgreSQL's share is per-statement protocol work: each loopback round trip costs both sides 0.1–0.3 ms of CPU on this VM, and in the server a third of the samples are the kernel sending to PostgreSQL, " +
            'the rest HTTP, zod, the idempotency hash, routing and JSON. ' +
            'Tried and dropped: forcing generic plans in the capture transaction (no measurable gain). p99 follows from the queue of 16 clients on saturated cores.',
    );
  }
  if (holds) {
    const ratio =
      r.ratio === null
        ? ''
        : r.ratio > 1
          ? '; the HTTP/direct ratio is above 1 because case (4) commits each hold alone, as the server did before'
          : '; case (4) commits each hold alone, as the server did before';
    notes.push(
      `(2) ${holds.met ? 'meets its target' : 'misses'}: holds on one stock row are group-committed (while a transaction for the row is in flight the next holds queue in memory, then go together: ` +
        `one row lock, one conditional UPDATE, one multi-row ledger insert, one commit), so the hot row no longer bounds it; ${perOp(holds, 'hold')}, mostly HTTP handling${ratio}.`,
    );
  }
  if (atp && atp.met === false) {
    notes.push(
      `(3) misses: ${perOp(atp, 'read')}, while 2,000/s leaves ${budget(2000)} ms per read for all of them on ${n} cores. ` +
        (r.backend === 'pglite'
          ? "Each read is one prepared statement (the key check and the stock of 10 locations) that PGlite executes in the server's thread, plus HTTP: one core does both, and the bench client shares the other."
          : 'Each read is now one prepared statement with a generic plan (the key check and the stock of 10 locations; it was two, each planned every call). ' +
            "The server's share is mostly HTTP: the body-limit middleware makes @hono/node-server build a full undici Request even for a GET (app.ts, not changed here), request ids, routing, JSON."),
    );
  }
  return notes;
}

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;
const command = `node --import tsx bench/capture.bench.ts --backend ${args.backend} --seconds ${seconds}`;
const blocks = results.map((r) => {
  const ratio = r.ratio !== null ? `\nHTTP/direct ratio for hot-SKU reservations: **${r.ratio.toFixed(2)}** (HTTP rate ÷ direct SQL rate).` : '';
  const notes = bounds(r);
  return `### ${r.backend === 'postgres' ? 'PostgreSQL' : 'PGlite'}

Server up in ${r.seedSeconds.toFixed(1)} s (boot, migrations, demo + bench seed).

${table(r)}

${r.checks.length > 0 ? `Oversell check — ${r.checks.join('; ')}.` : ''}${ratio}${notes.length > 0 ? `\n\n${notes.join('\n')}` : ''}`;
});
for (const b of blocks) console.log(`\n${b}`);
console.log(`\n1-minute load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`);

const START = '<!-- capture:start -->';
const END = '<!-- capture:end -->';
const section = `${START}
## Capture, reservations and ATP over HTTP (issue 4)

\`${command}\` — ${date}, ${machine}; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after.
The server runs as a child process on 127.0.0.1 with \`AISLE_DEMO_SCALE=bench\` (10 UK locations — 1 warehouse, 9 stores — × 2,000 SKUs,
100,000 on hand each) on a fresh PGlite data dir or a fresh PostgreSQL database (pool of 10), and the bench client shares the same
${cpus().length} shared cores, so read the numbers of one run together. Each case runs ${WARMUP_SECONDS} s (orders) or 1 s (others) of warm-up,
then ${seconds} s measured; latency is per request at the client, errors are non-2xx answers. Orders: 3 distinct random SKUs, 1–2 units each,
ship to a random UK address with geo. Holds: \`POST /api/v1/holds\`, 1 unit, ttl 3600 s, one SKU at \`${HOT_LOCATION}\`.
ATP: \`GET /api/v1/atp?sku=…\` for a random SKU, answered for all 10 locations.

${blocks.join('\n\n')}
${END}`;

if (partial) {
  console.log('\n(partial run: --cases or --cpu-prof given, bench/results.md left as it is)');
  process.exit(0);
}
writeResultsSection(START, END, section);
