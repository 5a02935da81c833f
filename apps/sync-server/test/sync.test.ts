import { describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { countRows, orderBody, useFixture, type Fixture } from './support/fixture.ts';
import { call, capture, pickEnvelope, pull, push } from './support/http.ts';

type Doc = { id: string; orderNumber: string; status: string; version: number; locationId: string; lines: { lineId: string; picked: number; quantity: number }[]; _deleted: boolean };
type PullBody = { documents: Doc[]; checkpoint: { txid: string; id: string } | null };

async function pullAll(f: Fixture, token: string, limit = 2): Promise<Doc[]> {
  const docs: Doc[] = [];
  let checkpoint: PullBody['checkpoint'] = null;
  for (;;) {
    const res = await pull(f, token, checkpoint, limit);
    expect(res.status).toBe(200);
    const body = res.body as unknown as PullBody;
    if (body.documents.length === 0) return docs;
    docs.push(...body.documents);
    checkpoint = body.checkpoint;
  }
}

async function newOrder(f: Fixture, store = 'store-a') {
  const res = await capture(f, orderBody({ pickupLocationId: store }), `k-${Math.random()}`);
  expect(res.status).toBe(201);
  const fo = (res.body.fulfilmentOrders as { id: string }[])[0];
  return { orderId: String(res.body.id), foId: fo!.id };
}

describe.each(BACKENDS)('device sync on $name', (backend) => {
  const f = useFixture(backend);

  test('[SY1] pull pages through the store’s fulfilment orders by checkpoint, and only that store’s', async () => {
    const token = await f.enrol('store-a');
    const mine = [await newOrder(f), await newOrder(f), await newOrder(f)];
    const theirs = await newOrder(f, 'store-b');
    const docs = await pullAll(f, token, 2);
    const ids = docs.map((d) => d.id);
    for (const o of mine) expect(ids).toContain(o.foId);
    expect(ids).not.toContain(theirs.foId);
    expect(docs.every((d) => d.locationId === 'store-a' && d._deleted === false)).toBe(true);
    // Caught up: a pull from the last checkpoint is empty and keeps the checkpoint.
    const last = await pull(f, token, (await pull(f, token, null, 1000)).body.checkpoint);
    expect((last.body as unknown as PullBody).documents).toEqual([]);
  });

  test('[SY2] a push applies a pick once; replaying the id returns the stored result and picks nothing more', async () => {
    const token = await f.enrol();
    const { orderId, foId } = await newOrder(f);
    const env = pickEnvelope(foId, 'L001');
    const first = await push(f, token, [env]);
    expect(first.body).toEqual({ results: [{ commandId: env.id, status: 'applied', documentVersion: 2 }] });
    const replay = await push(f, token, [env]);
    expect(replay.body).toEqual(first.body);
    const order = await call(f, 'GET', `/api/v1/orders/${orderId}`, { token: f.channelKey });
    const lines = (order.body.fulfilmentOrders as Doc[])[0]!.lines;
    expect(lines.find((l) => l.lineId === 'L001')?.picked).toBe(1);
    expect(order.body.status).toBe('picking');
    expect(await countRows(f.db, `commands WHERE id = '${env.id}'`)).toBe(1);
  });

  test('[SY2] concurrent pushes of the same command apply it once', async () => {
    const token = await f.enrol();
    const { foId } = await newOrder(f);
    const env = pickEnvelope(foId, 'L001');
    const results = await Promise.all(Array.from({ length: 6 }, () => push(f, token, [env])));
    for (const r of results) expect(r.body).toEqual({ results: [{ commandId: env.id, status: 'applied', documentVersion: 2 }] });
    const docs = await pullAll(f, token, 100);
    expect(docs.find((d) => d.id === foId)?.lines.find((l) => l.lineId === 'L001')?.picked).toBe(1);
  });

  test('picking every line makes the order picked; a batch is applied in device order', async () => {
    const token = await f.enrol();
    const { orderId, foId } = await newOrder(f);
    const res = await push(f, token, [pickEnvelope(foId, 'L001'), pickEnvelope(foId, 'L002'), pickEnvelope(foId, 'L001')]);
    const results = res.body.results as { status: string; documentVersion: number }[];
    expect(results.map((r) => [r.status, r.documentVersion])).toEqual([['applied', 2], ['applied', 3], ['applied', 4]]);
    const order = await call(f, 'GET', `/api/v1/orders/${orderId}`, { token: f.channelKey });
    expect(order.body.status).toBe('picked');
  });

  test('[CP3] two devices pick the last unit: the first wins, the second is rejected saying who picked it and when', async () => {
    const [a, b] = [await f.enrol(), await f.enrol()];
    const { foId } = await newOrder(f);
    const first = await push(f, a, [pickEnvelope(foId, 'L002')]);
    const second = await push(f, b, [pickEnvelope(foId, 'L002')]);
    expect((first.body.results as { status: string }[])[0]?.status).toBe('applied');
    const refused = (second.body.results as { status: string; reason: { code: string; message: string } }[])[0]!;
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'line_already_picked' } });
    // The fixture's signed-in manager is "Fixture M."; the time is the server's receipt of the winning pick.
    expect(refused.reason.message).toContain(`picked by Fixture M. at ${f.now.value.toISOString()}`);
  });

  test('[CP1] a pick made offline on an order cancelled meanwhile is rejected, and the item gets a put-back task', async () => {
    const token = await f.enrol('store-a');
    const { orderId, foId } = await newOrder(f);
    const cancelled = await call(f, 'POST', `/api/v1/orders/${orderId}/cancel`, { token: f.channelKey, body: { reason: 'customer called' } });
    expect(cancelled.status).toBe(200);
    const res = await push(f, token, [pickEnvelope(foId, 'L001')]);
    const result = (res.body.results as { status: string; reason: { code: string; message: string } }[])[0]!;
    expect(result).toMatchObject({ status: 'rejected', reason: { code: 'not_pickable' } });
    expect(result.reason.message).toContain('put the item back');
    const { rows } = await f.db.query<{ reason: string; lines: { sku: string; quantity: number }[] }>(
      'SELECT reason, lines FROM restock_tasks WHERE fulfilment_order_id = $1',
      [foId],
    );
    expect(rows).toEqual([{ reason: 'pick_after_cancel', lines: [expect.objectContaining({ sku: 'MUG', quantity: 1 })] }]);
  });

  test('a command on another store’s or tenant’s fulfilment order is rejected as not found and changes nothing', async () => {
    const tokenA = await f.enrol('store-a');
    const tokenZ = await f.enrol('store-z');
    const { foId } = await newOrder(f, 'store-b');
    for (const token of [tokenA, tokenZ]) {
      const res = await push(f, token, [pickEnvelope(foId, 'L001')]);
      expect(res.body.results).toEqual([expect.objectContaining({ status: 'rejected', reason: expect.objectContaining({ code: 'fulfilment_order_not_found' }) })]);
    }
    const { rows } = await f.db.query<{ picked: number }>('SELECT picked FROM fulfilment_order_lines WHERE fulfilment_order_id = $1', [foId]);
    expect(rows.every((r) => r.picked === 0)).toBe(true);
  });

  test('a command id used by one device cannot be replayed by another to learn its outcome', async () => {
    const [a, b] = [await f.enrol(), await f.enrol()];
    const { foId } = await newOrder(f);
    const env = pickEnvelope(foId, 'L001');
    await push(f, a, [env]);
    const res = await push(f, b, [env]);
    expect(res.body.results).toEqual([expect.objectContaining({ status: 'rejected', reason: expect.objectContaining({ code: 'command_id_reused' }) })]);
  });

  test('malformed pushes are 400 naming the field, and nothing is applied', async () => {
    const token = await f.enrol();
    const { foId } = await newOrder(f);
    const before = await countRows(f.db, 'commands');
    const good = pickEnvelope(foId, 'L001');
    const cases: [unknown, string][] = [
      [{ commands: [good, { ...pickEnvelope(foId, 'L001'), command: { ...good.command, quantity: 0 } }] }, 'commands.1.command.quantity'],
      [{ commands: [{ ...good, id: 'not-a-uuid' }] }, 'commands.0.id'],
      [{ commands: [{ ...good, command: { ...good.command, type: 'teleport' } }] }, 'commands.0.command.type'],
      [{ commands: [] }, 'commands'],
    ];
    for (const [body, field] of cases) {
      const res = await call(f, 'POST', '/api/v1/sync/push', { token, body, headers: { 'Aisle-Protocol': '1' } });
      expect(res.status, field).toBe(400);
      expect(res.body, field).toMatchObject({ error: { code: 'invalid_body', field } });
    }
    expect(await countRows(f.db, 'commands')).toBe(before);
  });

  test('[SY3] a missing protocol header is 400; an outdated client gets 426 protocol_outdated', async () => {
    const token = await f.enrol();
    const missing = await call(f, 'POST', '/api/v1/sync/pull', { token, body: { collection: 'fulfilment_orders', checkpoint: null, limit: 1 } });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'missing_header', field: 'Aisle-Protocol' } } });
    const old = await call(f, 'POST', '/api/v1/sync/pull', {
      token,
      body: { collection: 'fulfilment_orders', checkpoint: null, limit: 1 },
      headers: { 'Aisle-Protocol': '0' },
    });
    expect(old).toMatchObject({ status: 426, body: { error: { code: 'protocol_outdated' } } });
  });

  test('the event stream says hello, then tells the store when its scope changed', async () => {
    const token = await f.enrol('store-a');
    const res = await f.app.request('/api/v1/sync/stream', { headers: { authorization: `Bearer ${token}`, 'Aisle-Protocol': '1' } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value);
      }
    };
    await readUntil('event: hello');
    await newOrder(f, 'store-b');
    await newOrder(f, 'store-a');
    await readUntil('event: changed');
    expect(text).toContain('"collection":"fulfilment_orders"');
    await reader.cancel();
  });

  test('[SY5] a device replicates its location\'s stock levels, and a reservation there comes through the next pull from the checkpoint', async () => {
    const token = await f.enrol('store-b');
    const pullAllOf = async (collection: string, checkpoint: unknown = null) => {
      const docs: Record<string, unknown>[] = [];
      let cp = checkpoint;
      for (;;) {
        const res = await call(f, 'POST', '/api/v1/sync/pull', { token, body: { collection, checkpoint: cp, limit: 2 }, headers: { 'Aisle-Protocol': '1' } });
        expect(res.status).toBe(200);
        const page = res.body as { documents: Record<string, unknown>[]; checkpoint: unknown };
        if (page.documents.length === 0) return { docs, checkpoint: cp };
        docs.push(...page.documents);
        cp = page.checkpoint;
      }
    };
    const first = await pullAllOf('stock_levels');
    expect(first.docs.map((d) => d.sku).sort()).toEqual(['MUG', 'PEN', 'TEA']);
    const mugBefore = first.docs.find((d) => d.sku === 'MUG')!;
    expect(mugBefore.available).toBe(Number(mugBefore.onHand) - Number(mugBefore.reserved) - Number(mugBefore.safetyStock));
    // What a blind count's snapshot needs.
    expect(mugBefore.countSeq).toBe(0);

    // A pickup order at store-b reserves two mugs there; one at store-a changes nothing for this device.
    await newOrder(f, 'store-a');
    await newOrder(f, 'store-b');
    const next = await pullAllOf('stock_levels', first.checkpoint);
    const mug = next.docs.find((d) => d.sku === 'MUG');
    expect(mug).toMatchObject({ reserved: Number(mugBefore.reserved) + 2, available: Number(mugBefore.available) - 2 });
    expect(next.docs.every((d) => d.sku === 'MUG' || d.sku === 'TEA')).toBe(true);
    expect((await pullAllOf('stock_levels', next.checkpoint)).docs).toEqual([]);
  });

  test('[SY5] the catalog and the tenant\'s locations replicate to every device of the tenant, and only that tenant', async () => {
    const token = await f.enrol('store-a');
    const pullOnce = async (collection: string) =>
      (await call(f, 'POST', '/api/v1/sync/pull', { token, body: { collection, checkpoint: null, limit: 100 }, headers: { 'Aisle-Protocol': '1' } })).body as {
        documents: Record<string, unknown>[];
      };
    const products = await pullOnce('products');
    expect(products.documents.map((p) => p.sku).sort()).toEqual(['MUG', 'PEN', 'TEA']);
    expect(products.documents.find((p) => p.sku === 'PEN')).toMatchObject({ gtin: null, name: 'Pen' });
    const locations = await pullOnce('locations');
    expect(locations.documents.map((l) => l.id).sort()).toEqual(['store-a', 'store-b', 'wh']);
    expect(JSON.stringify(locations.documents)).not.toContain('store-z');
    const bad = await call(f, 'POST', '/api/v1/sync/pull', { token, body: { collection: 'customers', checkpoint: null, limit: 1 }, headers: { 'Aisle-Protocol': '1' } });
    expect(bad.status).toBe(400);
  });

  test('[SY1] stock, catalog and location pages follow positions in number order where they cross a digit boundary', async () => {
    const token = await f.enrol('store-b');
    // Positions 9, 9, 10 (below every in-flight transaction): as text '10' sorts before '9', and a page of one
    // that ends at 10 would checkpoint past both rows at 9. The triggers stamp txid on every write, so they are
    // switched off for the statements that set it.
    const stamped = [
      ['stock_levels', 'stock_levels_txid', "tenant_id = 't1' AND location_id = 'store-b'", 'sku'],
      ['products', 'products_txid', "tenant_id = 't1'", 'sku'],
      ['locations', 'locations_txid', "tenant_id = 't1'", 'id'],
    ] as const;
    const expected: Record<string, string[]> = {};
    await f.db.transaction(async (tx) => {
      for (const [table, trigger, where, key] of stamped) {
        const { rows } = await tx.query<{ k: string }>(`SELECT ${key} AS k FROM ${table} WHERE ${where} ORDER BY ${key}`);
        expected[table] = rows.map((r) => r.k);
        await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
        await tx.query(`UPDATE ${table} SET txid = CASE WHEN ${key} = $1 THEN '10'::xid8 ELSE '9'::xid8 END WHERE ${where}`, [rows.at(-1)!.k]);
        await tx.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
      }
    });
    for (const [table] of stamped) {
      const keys: string[] = [];
      let checkpoint: unknown = null;
      for (;;) {
        const res = await call(f, 'POST', '/api/v1/sync/pull', { token, body: { collection: table, checkpoint, limit: 1 }, headers: { 'Aisle-Protocol': '1' } });
        const page = res.body as { documents: { id: string }[]; checkpoint: unknown };
        if (page.documents.length === 0) break;
        keys.push(...page.documents.map((d) => d.id));
        checkpoint = page.checkpoint;
      }
      expect(expected[table]!.length, table).toBeGreaterThanOrEqual(2);
      expect(keys, table).toEqual(expected[table]);
    }
  });

  test('[SY6] finished work older than the replica history leaves the store\'s devices as a tombstone; open work stays', async () => {
    const token = await f.enrol('store-b');
    const done = await newOrder(f, 'store-b');
    const open = await newOrder(f, 'store-b');
    expect((await call(f, 'POST', `/api/v1/orders/${done.orderId}/cancel`, { token: f.channelKey, body: {} })).status).toBe(200);
    const caughtUp = (await pull(f, token, null, 1000)).body.checkpoint;
    const { archiveFinishedWork, REPLICA_HISTORY_DAYS } = await import('../src/sync/archive.ts');
    // Not yet: the cancellation is recent.
    expect(await f.db.transaction((tx) => archiveFinishedWork(tx, f.now.value))).toBe(0);
    const later = new Date(f.now.value.getTime() + (REPLICA_HISTORY_DAYS + 1) * 86_400_000);
    expect(await f.db.transaction((tx) => archiveFinishedWork(tx, later))).toBeGreaterThanOrEqual(1);
    const docs = (await pull(f, token, caughtUp, 1000)).body.documents as { id: string; _deleted: boolean }[];
    expect(docs.find((d) => d.id === done.foId)).toMatchObject({ _deleted: true });
    expect(docs.some((d) => d.id === open.foId)).toBe(false);
    // Archiving again changes nothing.
    expect(await f.db.transaction((tx) => archiveFinishedWork(tx, later))).toBe(0);
  });

  test('[SY1] a poller racing concurrent writers sees every change: none is skipped', async () => {
    const token = await f.enrol('store-b');
    const fos = await Promise.all(Array.from({ length: 6 }, () => newOrder(f, 'store-b')));
    const { markChanged } = await import('../src/sync/replica.ts');
    // Writers hold their transaction open for a random while after taking a
    // transaction id, so later transactions often commit first: the case a
    // sequence or timestamp cursor gets wrong.
    const latest = new Map<string, bigint>();
    const writer = async (w: number) => {
      for (let i = 0; i < 12; i++) {
        const fo = fos[(w + i) % fos.length]!.foId;
        const txid = await f.db.transaction(async (tx) => {
          await markChanged(tx, { tenantId: 't1', locationId: 'store-b', collection: 'fulfilment_orders', docId: fo });
          const { rows } = await tx.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x');
          await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.03]);
          return BigInt(rows[0]!.x);
        });
        if (txid > (latest.get(fo) ?? 0n)) latest.set(fo, txid);
      }
    };
    let writing = true;
    const writers = Promise.all([0, 1, 2, 3].map(writer)).finally(() => {
      writing = false;
    });
    // Pages of one document, so each page's checkpoint is that document's position.
    const seen = new Map<string, bigint>();
    let checkpoint: PullBody['checkpoint'] = null;
    const observe = async () => {
      const body = (await pull(f, token, checkpoint, 1)).body as unknown as PullBody;
      const doc = body.documents[0];
      if (doc && body.checkpoint) {
        seen.set(doc.id, BigInt(body.checkpoint.txid));
        checkpoint = body.checkpoint;
      }
      return body.documents.length;
    };
    while (writing) await observe();
    await writers;
    while ((await observe()) > 0);
    expect(latest.size).toBe(fos.length);
    // Each document's final position is its last *committed* writer's, which is
    // not always the highest transaction id: a writer with a smaller id that
    // waited on the row lock commits after a larger one. The poller must have
    // seen every document at exactly that final position.
    const { rows: final } = await f.db.query<{ doc_id: string; txid: string }>(
      "SELECT doc_id, txid::text AS txid FROM replica_changes WHERE tenant_id = 't1' AND location_id = 'store-b' AND doc_id = ANY($1::text[])",
      [fos.map((x) => x.foId)],
    );
    expect(final).toHaveLength(fos.length);
    for (const row of final) expect(seen.get(row.doc_id), row.doc_id).toBe(BigInt(row.txid));
  });
});

// A second instance needs a shared server database: PostgreSQL only (PGlite is in-process).
describe.each(BACKENDS.filter((b) => b.name === 'postgres'))('live hints across instances on $name', (backend) => {
  const f = useFixture(backend);

  test(
    '[SY4] a device streaming from one instance hears, within a second, of an order captured through another (LISTEN/NOTIFY)',
    async () => {
      const peer = await f.openPeerApp!();
      const token = await f.enrol('store-a');
      const res = await f.app.request('/api/v1/sync/stream', { headers: { authorization: `Bearer ${token}`, 'Aisle-Protocol': '1' } });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (needle: string) => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${needle}`);
          text += decoder.decode(value);
        }
      };
      await readUntil('event: hello');
      const started = performance.now();
      const captured = await peer.request('/api/v1/orders', {
        method: 'POST',
        headers: { authorization: `Bearer ${f.channelKey}`, 'content-type': 'application/json', 'Idempotency-Key': `peer-${Math.random()}` },
        body: JSON.stringify(orderBody({ pickupLocationId: 'store-a' })),
      });
      expect(captured.status).toBe(201);
      await readUntil('event: changed');
      expect(performance.now() - started).toBeLessThan(1000);
      await reader.cancel();
    },
  );
});
