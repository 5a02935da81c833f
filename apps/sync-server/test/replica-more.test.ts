import { CommandResultDoc, PROTOCOL_HEADER, PROTOCOL_VERSION, ReturnDoc } from '@aisle/domain/protocol';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { orderBody, useFixture, type Fixture } from './support/fixture.ts';
import { call, capture, push } from './support/http.ts';
import { setAvailable } from './support/stock.ts';

const LONDON = { line1: '1 Strand', city: 'London', postalCode: 'WC2N 5DU', country: 'GB', geo: { lat: 51.507, lon: -0.127 } };

type Line = { lineId: string; sku: string; quantity: number };
type View = { id: string; fulfilmentOrders: { id: string; locationId: string; lines: Line[] }[] };
type Result = { commandId: string; status: string; documentVersion?: number; reason?: { code: string; message: string } };
type Checkpoint = { txid: string; id: string } | null;

let seq = 0;
function envelope(command: Record<string, unknown>, id: string = crypto.randomUUID()) {
  seq += 1;
  return { id, deviceSeq: seq, createdAt: new Date().toISOString(), baseVersion: 0, command };
}

async function send(f: Fixture, token: string, command: Record<string, unknown>): Promise<Result> {
  const res = await push(f, token, [envelope(command)]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.results as Result[])[0]!;
}

async function applied(f: Fixture, token: string, command: Record<string, unknown>): Promise<Result> {
  const result = await send(f, token, command);
  expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' });
  return result;
}

/** Every page of a collection after `checkpoint`, in pages of two so the checkpoint is crossed. */
async function pullAll(f: Fixture, token: string, collection: string, checkpoint: Checkpoint = null) {
  const docs: Record<string, unknown>[] = [];
  let cp = checkpoint;
  for (;;) {
    const res = await call(f, 'POST', '/api/v1/sync/pull', {
      token,
      body: { collection, checkpoint: cp, limit: 2 },
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = res.body as { documents: Record<string, unknown>[]; checkpoint: Checkpoint };
    if (page.documents.length === 0) return { docs, checkpoint: cp };
    docs.push(...page.documents);
    cp = page.checkpoint;
  }
}

// A pull only returns changes older than every transaction in flight (SY1), and on PostgreSQL that spans the other
// test files' transactions: wait for what is expected rather than expect it on the first page.
const eventually = <T>(fn: () => Promise<T>) => vi.waitFor(fn, { timeout: 5000, interval: 50 });

describe.each(BACKENDS)('more replica collections on $name', (backend) => {
  const f = useFixture(backend);
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    for (const location of ['store-a', 'store-b', 'wh']) tokens[location] = await f.enrol(location);
  });

  /** A priced ship order from store A, picked, packed and shipped through the floor commands: its units can come back. */
  async function shippedOrder(sku: string, unitPriceMinor: number): Promise<View> {
    for (const location of ['store-a', 'store-b', 'wh']) await setAvailable(f, location, sku, location === 'store-a' ? 20 : 0);
    const res = await capture(
      f,
      orderBody({ deliveryMethod: 'ship', pickupLocationId: undefined, shipTo: LONDON, currency: 'GBP', lines: [{ sku, quantity: 1, unitPriceMinor }] }),
      `replica-${crypto.randomUUID()}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const order = res.body as unknown as View;
    const fo = order.fulfilmentOrders[0]!;
    expect(fo.locationId).toBe('store-a');
    const token = tokens['store-a']!;
    for (const line of fo.lines) await applied(f, token, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: line.lineId, quantity: line.quantity });
    const box = `BOX-${crypto.randomUUID().slice(0, 8)}`;
    await applied(f, token, { type: 'pack', fulfilmentOrderId: fo.id, packages: [{ packageId: box, lines: fo.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })) }] });
    await applied(f, token, { type: 'ship', fulfilmentOrderId: fo.id, shipmentId: `SHP-${box}`, carrier: 'Own Fleet', trackingNumber: `T${box}`, packageIds: [box] });
    return order;
  }

  test('[SY5] a return replicates to the store that received it and the store that shipped it, its refund comes through the next pull, and an unrelated location never sees it', async () => {
    const order = await shippedOrder('MUG', 1250);
    const line = order.fulfilmentOrders[0]!.lines[0]!;
    const returnId = `RMA-${crypto.randomUUID()}`;
    const atStoreB = await pullAll(f, tokens['store-b']!, 'returns');
    expect(atStoreB.docs.map((d) => d.id)).not.toContain(returnId);

    const received = await applied(f, tokens['store-b']!, {
      type: 'receive_return_line',
      orderId: order.id,
      returnId,
      returnLineId: 'RL001',
      orderLineId: line.lineId,
      locationId: 'store-b',
      quantity: 1,
      reason: 'size_or_fit',
      condition: 'A',
    });
    let checkpoint: Checkpoint = null;
    await eventually(async () => {
      const next = await pullAll(f, tokens['store-b']!, 'returns', atStoreB.checkpoint);
      const doc = next.docs.find((d) => d.id === returnId);
      expect(doc).toMatchObject({ orderId: order.id, status: 'dispositioned', version: received.documentVersion, currency: 'GBP', refundedMinor: 0, _deleted: false });
      expect(ReturnDoc.parse(doc).lines).toEqual([expect.objectContaining({ returnLineId: 'RL001', receivedLocationId: 'store-b', disposition: 'restock' })]);
      // The RMA carries no customer contact details.
      expect(JSON.stringify(doc)).not.toMatch(/ada@example\.com|Lovelace/);
      checkpoint = next.checkpoint;
    });
    // Store A shipped the order: what it sent may come back to it.
    await eventually(async () => expect((await pullAll(f, tokens['store-a']!, 'returns')).docs.map((d) => d.id)).toContain(returnId));

    // Only the refund writes: the line changes, and that restamps its return.
    const refunded = await applied(f, tokens['store-b']!, { type: 'refund_return', returnId });
    expect(refunded.documentVersion).toBe(received.documentVersion! + 1);
    await eventually(async () => {
      const next = await pullAll(f, tokens['store-b']!, 'returns', checkpoint);
      expect(next.docs.filter((d) => d.id === returnId)).toEqual([
        expect.objectContaining({ status: 'refunded', version: refunded.documentVersion, refundedMinor: 1250, lines: [expect.objectContaining({ status: 'refunded', refundMinor: 1250 })] }),
      ]);
    });

    // The warehouse neither shipped nor received it; every write above is committed by now.
    expect((await pullAll(f, tokens['wh']!, 'returns')).docs.map((d) => d.id)).not.toContain(returnId);
  });

  test('[SY5] a device replicates the results of exactly its own commands, applied and rejected, and never another device\'s', async () => {
    const mine = await f.enrol('store-a');
    const theirs = await f.enrol('store-a');
    const res = await capture(f, orderBody({ pickupLocationId: 'store-a' }), `replica-${crypto.randomUUID()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const fo = (res.body as unknown as View).fulfilmentOrders[0]!;
    const [first, second] = fo.lines;

    const picked = await applied(f, mine, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: first!.lineId, quantity: 1 });
    const refused = await send(f, mine, { type: 'pick_line', fulfilmentOrderId: 'FO-NOPE', lineId: first!.lineId, quantity: 1 });
    expect(refused.status).toBe('rejected');
    const other = await applied(f, theirs, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: second!.lineId, quantity: 1 });

    await eventually(async () => {
      const docs = (await pullAll(f, mine, 'command_results')).docs.map((d) => CommandResultDoc.parse(d));
      expect(docs.map((d) => d.id).sort()).toEqual([picked.commandId, refused.commandId].sort());
      expect(docs.find((d) => d.id === picked.commandId)).toMatchObject({ type: 'pick_line', status: 'applied', documentVersion: picked.documentVersion, reason: null });
      expect(docs.find((d) => d.id === refused.commandId)).toMatchObject({ type: 'pick_line', status: 'rejected', documentVersion: null, reason: refused.reason });
    });
    await eventually(async () => expect((await pullAll(f, theirs, 'command_results')).docs.map((d) => d.id)).toEqual([other.commandId]));
    // A device that reinstalled starts from no checkpoint; one that is caught up gets nothing new.
    const caughtUp = await pullAll(f, mine, 'command_results');
    expect((await pullAll(f, mine, 'command_results', caughtUp.checkpoint)).docs).toEqual([]);
  });

  test('[SY1] a return line written on its own restamps its return; return and command result pages follow positions in number order across a digit boundary', async () => {
    const token = tokens['store-b']!;
    const commandIds: string[] = [];
    for (const sku of ['PEN', 'TEA']) {
      const order = await shippedOrder(sku, 300);
      const line = order.fulfilmentOrders[0]!.lines[0]!;
      const received = await applied(f, token, {
        type: 'receive_return_line',
        orderId: order.id,
        returnId: `RMA-${crypto.randomUUID()}`,
        returnLineId: 'RL001',
        orderLineId: line.lineId,
        locationId: 'store-b',
        quantity: 1,
        reason: 'other',
        condition: 'A',
      });
      commandIds.push(received.commandId);
    }
    const positionOf = async (id: string) =>
      (await f.db.query<{ txid: string }>("SELECT txid::text AS txid FROM returns WHERE tenant_id = 't1' AND id = $1", [id])).rows[0]!.txid;
    const { rows: lines } = await f.db.query<{ return_id: string }>("SELECT return_id FROM return_lines WHERE tenant_id = 't1' AND received_location_id = 'store-b' LIMIT 1");
    const touched = lines[0]!.return_id;
    const before = await positionOf(touched);
    await f.db.query("UPDATE return_lines SET reason = reason WHERE tenant_id = 't1' AND return_id = $1", [touched]);
    expect(BigInt(await positionOf(touched))).toBeGreaterThan(BigInt(before));

    // Positions 9, 9, 10 (below every in-flight transaction): as text '10' sorts before '9', and a page of one that
    // ends at 10 would checkpoint past the rows at 9. The stamping triggers are off for the statements that set them.
    const { rows: device } = await f.db.query<{ device_id: string }>('SELECT device_id FROM commands WHERE id = $1', [commandIds[0]]);
    const stamped = [
      ['returns', 'returns', 'returns_txid', "tenant_id = 't1'", 'id'],
      ['command_results', 'commands', 'commands_txid', `device_id = '${device[0]!.device_id}'`, 'id::text'],
    ] as const;
    await eventually(async () => {
      for (const [collection] of stamped) expect((await pullAll(f, token, collection)).docs.length).toBeGreaterThanOrEqual(2);
    });
    const expected: Record<string, string[]> = {};
    for (const [collection] of stamped) expected[collection] = (await pullAll(f, token, collection)).docs.map((d) => String(d.id)).sort();
    await f.db.transaction(async (tx) => {
      for (const [, table, trigger, where, key] of stamped) {
        const { rows } = await tx.query<{ k: string }>(`SELECT ${key} AS k FROM ${table} WHERE ${where} ORDER BY ${key}`);
        await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
        await tx.query(`UPDATE ${table} SET txid = CASE WHEN ${key} = $1 THEN '10'::xid8 ELSE '9'::xid8 END WHERE ${where}`, [rows.at(-1)!.k]);
        await tx.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
      }
    });
    for (const [collection] of stamped) {
      const ids: string[] = [];
      let checkpoint: Checkpoint = null;
      for (;;) {
        const res = await call(f, 'POST', '/api/v1/sync/pull', { token, body: { collection, checkpoint, limit: 1 }, headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
        const page = res.body as { documents: { id: string }[]; checkpoint: Checkpoint };
        if (page.documents.length === 0) break;
        ids.push(...page.documents.map((d) => d.id));
        checkpoint = page.checkpoint;
      }
      expect(ids.sort(), collection).toEqual(expected[collection]);
    }
  });
});
