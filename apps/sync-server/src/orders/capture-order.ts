import { createHash, randomUUID } from 'node:crypto';
import type { RoutingDecision, RoutingOrder } from '@aisle/domain';
import type { CaptureOrderRequest, OrderView } from '@aisle/domain/protocol';
import type { ChannelPrincipal } from '../http/auth.ts';
import { canonicalJson } from '../http/canonical-json.ts';
import { ApiException } from '../http/errors.ts';
import { byLevel, closeReservations } from '../inventory/reservations.ts';
import { loadStockLevels, routingLocationsSql, stockLevelsSql, toRoutingLocation, toStockLevel, type LocationRow, type StockRow } from '../routing/inputs.ts';
import { livePolicyOf } from '../routing/policies.ts';
import type { Db, Sql } from '../storage/db.ts';
import { statusWebhookBody } from '../webhooks/outbox.ts';
import { loadOrderView, orderViewOf, type FulfilmentOrderViewRow, type ShortfallViewRow } from './order-view.ts';
import { planPlacement } from './place-order.ts';

export interface CaptureOutcome {
  status: 200 | 201;
  body: OrderView;
  replayed: boolean;
  /** Locations whose replicas changed; to notify after commit. */
  changedLocations: string[];
}

/** Each restart follows a commit by a competing order on a row this one wanted, so this only bounds pathological churn. */
const MAX_ATTEMPTS = 20;

/** A stock row the order was routed to had fewer units once locked than when it was read: route again from fresh inputs. */
class StockTaken extends Error {
  constructor(readonly orderId: string) {
    super(`stock for order ${orderId} was taken by a concurrent order`);
  }
}

/**
 * Captures an order: routes it and reserves what the route takes, in one
 * transaction. Idempotent by `Idempotency-Key` (same body → the stored
 * response; another body → 409) and by channel + external id (the order
 * already captured is returned).
 *
 * What is captured is reserved, so it cannot be sold twice. The transaction is
 * a few statements whatever the order's size (each round trip to PostgreSQL
 * costs both processes CPU, and PGlite runs them all on the server's thread):
 * take the idempotency locks; read every routing input; route in memory; then
 * one statement locks the chosen stock rows in (location, sku) order and,
 * only if every one still has the units, reserves them and writes the order,
 * its lines, fulfilment orders, replica changes, webhook and idempotency rows.
 * If a concurrent order took the units in between, nothing is written and the
 * transaction starts again (releasing the locks, so no lock is ever held
 * out of order), reading the now committed stock.
 */
export async function captureOrder(
  db: Db,
  channel: ChannelPrincipal,
  idempotencyKey: string,
  rawBody: string,
  req: CaptureOrderRequest,
  now: Date,
): Promise<CaptureOutcome> {
  const requestHash = createHash('sha256').update(canonicalJson(JSON.parse(rawBody))).digest('hex');
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => captureOnce(tx, channel, idempotencyKey, requestHash, req, now));
    } catch (e) {
      if (!(e instanceof StockTaken)) throw e;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`could not reserve stock for order ${e.orderId} after ${attempt} attempts`, { cause: e });
    }
  }
}

interface InputsRow {
  prior: { request_hash: string; status_code: 200 | 201; response: OrderView } | null;
  existing_id: string | null;
  products: { sku: string; name: string; gtin: string | null }[];
  expired_holds: string[];
  locations: LocationRow[] | null;
  levels: StockRow[] | null;
  policy: { revision: number; policy: unknown } | null;
  webhook_url: string | null;
}

// Both locks in one statement, in the order every capture takes them. The
// reads come in the next statement: in READ COMMITTED a statement that waited
// for a lock still reads with the snapshot it started with.
const LOCK_SQL = 'SELECT pg_advisory_xact_lock(hashtext($1)), pg_advisory_xact_lock(hashtext($2))';

// $1 tenant, $2 channel, $3 idempotency key, $4 external id, $5 SKUs, $6 now.
const INPUTS_SQL = `SELECT
  (SELECT json_build_object('request_hash', request_hash, 'status_code', status_code, 'response', response)
     FROM idempotency_keys WHERE tenant_id = $1 AND channel = $2 AND key = $3) AS prior,
  (SELECT id FROM orders WHERE tenant_id = $1 AND channel = $2 AND external_id = $4) AS existing_id,
  (SELECT coalesce(json_agg(json_build_object('sku', sku, 'name', name, 'gtin', gtin)), '[]')
     FROM products WHERE tenant_id = $1 AND sku = ANY($5::text[])) AS products,
  (SELECT coalesce(array_agg(id), '{}') FROM reservations
    WHERE tenant_id = $1 AND status = 'live' AND kind = 'cart_hold' AND expires_at <= $6::timestamptz AND sku = ANY($5::text[])) AS expired_holds,
  (SELECT json_agg(l ORDER BY l.id) FROM (${routingLocationsSql('$1', '$6')}) l) AS locations,
  (SELECT json_agg(s ORDER BY s.location_id, s.sku) FROM (${stockLevelsSql('$1', '$5', 'NULL')}) s) AS levels,
  (SELECT json_build_object('revision', revision, 'policy', policy) FROM routing_policies WHERE tenant_id = $1 AND status = 'live') AS policy,
  (SELECT webhook_url FROM channels WHERE tenant_id = $1 AND id = $2) AS webhook_url`;

async function captureOnce(
  tx: Sql,
  channel: ChannelPrincipal,
  idempotencyKey: string,
  requestHash: string,
  req: CaptureOrderRequest,
  now: Date,
): Promise<CaptureOutcome> {
  // Same key or same external id: one request at a time, the others wait and replay.
  await tx.query(LOCK_SQL, [`idem/${channel.tenantId}/${channel.channel}/${idempotencyKey}`, `ext/${channel.tenantId}/${channel.channel}/${req.externalId}`]);
  const skus = [...new Set(req.lines.map((l) => l.sku))];
  const { rows } = await tx.query<InputsRow>(INPUTS_SQL, [channel.tenantId, channel.channel, idempotencyKey, req.externalId, skus, now.toISOString()]);
  const inputs = rows[0]!;

  const hit = inputs.prior;
  if (hit) {
    if (hit.request_hash !== requestHash) {
      throw new ApiException(409, 'idempotency_conflict', 'this Idempotency-Key was used with a different body', 'Idempotency-Key');
    }
    return { status: hit.status_code, body: hit.response, replayed: true, changedLocations: [] };
  }
  if (inputs.existing_id) {
    const body = await loadOrderView(tx, channel.tenantId, inputs.existing_id);
    if (!body) throw new Error(`order ${inputs.existing_id} vanished inside its transaction`);
    await tx.query(
      'INSERT INTO idempotency_keys (tenant_id, channel, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5, $6)',
      [channel.tenantId, channel.channel, idempotencyKey, requestHash, 200, JSON.stringify(body)],
    );
    return { status: 200, body, replayed: false, changedLocations: [] };
  }
  return insertOrder(tx, channel, idempotencyKey, requestHash, req, now, inputs, skus);
}

async function insertOrder(
  tx: Sql,
  channel: ChannelPrincipal,
  idempotencyKey: string,
  requestHash: string,
  req: CaptureOrderRequest,
  now: Date,
  inputs: InputsRow,
  skus: string[],
): Promise<CaptureOutcome> {
  const locationRows = inputs.locations ?? [];
  const methodOf = (l: CaptureOrderRequest['lines'][number]) => l.deliveryMethod ?? req.deliveryMethod;
  if (req.pickupLocationId) {
    const store = locationRows.find((l) => l.id === req.pickupLocationId);
    if (!store?.capabilities.includes('pickup')) {
      throw new ApiException(422, 'unknown_reference', `no store ${req.pickupLocationId} offers pickup`, 'pickupLocationId');
    }
  }
  const bySku = new Map(inputs.products.map((p) => [p.sku, p]));
  const missing = req.lines.findIndex((l) => !bySku.has(l.sku));
  if (missing >= 0) {
    throw new ApiException(422, 'unknown_reference', `unknown SKU ${req.lines[missing]?.sku}`, `lines.${missing}.sku`);
  }

  // Stale cart holds on these SKUs give their units back before routing, so they never block an order.
  let levels = (inputs.levels ?? []).map(toStockLevel);
  if (inputs.expired_holds.length > 0) {
    await closeReservations(tx, channel.tenantId, { reservationIds: inputs.expired_holds }, 'expired', now);
    levels = await loadStockLevels(tx, channel.tenantId, skus);
  }

  const orderId = randomUUID();
  const lines = req.lines.map((l, i) => ({ ...l, lineId: `L${String(i + 1).padStart(3, '0')}`, deliveryMethod: methodOf(l) }));
  const placement = planPlacement(
    {
      id: orderId,
      channel: channel.channel,
      lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, deliveryMethod: l.deliveryMethod })),
      ...(req.shipTo
        ? {
            shipTo: {
              country: req.shipTo.country,
              postalCode: req.shipTo.postalCode,
              ...(req.shipTo.region ? { region: req.shipTo.region } : {}),
              ...(req.shipTo.geo ? { geo: req.shipTo.geo } : {}),
            },
          }
        : {}),
      ...(req.pickupLocationId ? { pickupLocationId: req.pickupLocationId } : {}),
    } as RoutingOrder,
    { locations: locationRows.map(toRoutingLocation), levels, policy: livePolicyOf(inputs.policy) },
    now,
  );

  const at = now.toISOString();
  const methods = new Set(lines.map((l) => l.deliveryMethod));
  const deliveryMethod = methods.size > 1 ? 'mixed' : ([...methods][0] as 'ship' | 'pickup');
  const skuOf = new Map(lines.map((l) => [l.lineId, l.sku]));
  const shortfalls = shortfallRows(placement.decision).map(
    (r): ShortfallViewRow => ({ line_id: r.lineId, sku: skuOf.get(r.lineId) ?? '', kind: r.kind, quantity: r.quantity, reason: r.reason, location_id: r.locationId, status: 'open' }),
  );
  const fulfilmentLines = placement.fulfilments.flatMap((f) =>
    f.lines.map((l) => {
      const product = bySku.get(l.sku);
      return { fo: f, ...l, gtin: product?.gtin ?? null, name: product?.name ?? l.sku, reservationId: randomUUID() };
    }),
  );
  // The order's own view, as loadOrderView would read it back (see orderViewOf): the
  // routing decision as it comes out of jsonb, fulfilment orders by id, lines by line id.
  const routing = JSON.parse(JSON.stringify(placement.decision)) as OrderView['routing'];
  const viewOf = (orderNumber: string) =>
    orderViewOf(
      { id: orderId, order_number: orderNumber, external_id: req.externalId, channel: channel.channel, delivery_method: deliveryMethod, created_at: at, routing_decision: routing },
      [...placement.fulfilments]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((f) => ({
          id: f.id,
          locationId: f.locationId,
          deliveryMethod: f.deliveryMethod,
          status: 'assigned',
          lines: [...f.lines]
            .sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0))
            .map((l) => {
              const product = bySku.get(l.sku);
              return { lineId: l.lineId, sku: l.sku, gtin: product?.gtin ?? null, name: product?.name ?? l.sku, quantity: l.quantity, picked: 0 };
            }),
        })) as FulfilmentOrderViewRow[],
      [...shortfalls].sort((a, b) => (a.line_id !== b.line_id ? (a.line_id < b.line_id ? -1 : 1) : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)),
    );
  // The order number is drawn inside the write, so the stored response carries a placeholder the statement replaces.
  const pending = viewOf('');

  const webhook = inputs.webhook_url
    ? statusWebhookBody(
        randomUUID(),
        {
          tenantId: channel.tenantId,
          channel: channel.channel,
          event: 'order.routed',
          orderId,
          payload: {
            outcome: placement.decision.outcome,
            fulfilmentOrders: placement.fulfilments.map((f) => ({ id: f.id, locationId: f.locationId, deliveryMethod: f.deliveryMethod })),
          },
        },
        at,
        req.externalId,
      )
    : null;

  const perLevel = new Map<string, { locationId: string; sku: string; quantity: number }>();
  for (const l of fulfilmentLines) {
    const key = `${l.fo.locationId}\u0000${l.sku}`;
    const entry = perLevel.get(key) ?? { locationId: l.fo.locationId, sku: l.sku, quantity: 0 };
    entry.quantity += l.quantity;
    perLevel.set(key, entry);
  }
  const levelRequests = [...perLevel.values()].sort(byLevel);
  // Inserted in location order: the capacity trigger (migration 0010) then locks its counter rows in one order in every capture.
  const fulfilments = [...placement.fulfilments].sort((a, b) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0));

  const { rows } = await tx.query<{ all_ok: boolean; order_number: string | null; reserved_levels: number }>(WRITE_SQL, [
    channel.tenantId,
    levelRequests.map((r) => r.locationId),
    levelRequests.map((r) => r.sku),
    levelRequests.map((r) => r.quantity),
    at,
    orderId,
    channel.channel,
    req.externalId,
    deliveryMethod,
    req.customer.firstName,
    req.customer.lastName,
    req.customer.email ?? null,
    req.customer.phone ?? null,
    req.shipTo ? JSON.stringify(req.shipTo) : null,
    req.pickupLocationId ?? null,
    req.currency ?? null,
    JSON.stringify(placement.decision),
    placement.policyRevision,
    lines.map((l) => l.lineId),
    lines.map((l) => l.sku),
    lines.map((l) => l.quantity),
    lines.map((l) => l.deliveryMethod),
    lines.map((l) => l.unitPriceMinor ?? null),
    fulfilments.map((f) => f.id),
    fulfilments.map((f) => f.locationId),
    fulfilments.map((f) => f.deliveryMethod),
    fulfilments.map((f) => JSON.stringify({ locationId: f.locationId, deliveryMethod: f.deliveryMethod, policyRevision: placement.policyRevision })),
    fulfilmentLines.map((l) => l.fo.id),
    fulfilmentLines.map((l) => l.fo.locationId),
    fulfilmentLines.map((l) => l.lineId),
    fulfilmentLines.map((l) => l.sku),
    fulfilmentLines.map((l) => l.gtin),
    fulfilmentLines.map((l) => l.name),
    fulfilmentLines.map((l) => l.quantity),
    fulfilmentLines.map((l) => l.reservationId),
    shortfalls.map((r) => r.line_id),
    shortfalls.map((r) => r.kind),
    shortfalls.map((r) => r.quantity),
    shortfalls.map((r) => r.reason),
    shortfalls.map((r) => r.location_id),
    webhook?.id ?? null,
    webhook ? JSON.stringify(webhook) : null,
    idempotencyKey,
    requestHash,
    JSON.stringify(pending),
  ]);
  const written = rows[0];
  if (!written?.all_ok) throw new StockTaken(orderId);
  if (written.reserved_levels !== levelRequests.length || !written.order_number) {
    throw new Error(`order ${orderId}: reserved ${written.reserved_levels} of ${levelRequests.length} stock rows it had locked`);
  }
  return {
    status: 201,
    body: viewOf(written.order_number),
    replayed: false,
    changedLocations: [...new Set(placement.fulfilments.map((f) => f.locationId))],
  };
}

/**
 * The write of a new order, all or nothing. `locked` takes the row locks in
 * (location, sku) order — the lock order of every stock writer (`byLevel`) —
 * and reads the rows as they are once locked; only when each still has the
 * units does anything else happen (`ok`). The UPDATE keeps the conditional
 * check as the last line of defence; the caller compares its count.
 *
 * Every other CTE inserts only when `ok`; their foreign keys are checked at the
 * end of the statement, when all of them are in. The replica change is
 * `markChanged`'s upsert (sync/replica.ts), the webhook row is what
 * `enqueueStatusWebhook` writes (webhooks/outbox.ts).
 */
const WRITE_SQL = `WITH
lv AS (SELECT * FROM unnest($2::text[], $3::text[], $4::int[]) AS v(location_id, sku, quantity)),
locked AS MATERIALIZED (
  SELECT s.location_id, s.sku, s.on_hand - s.reserved - s.safety_stock AS available
    FROM stock_levels s JOIN lv ON lv.location_id = s.location_id AND lv.sku = s.sku
   WHERE s.tenant_id = $1
   ORDER BY s.location_id COLLATE "C", s.sku COLLATE "C"
   FOR UPDATE OF s),
ok AS MATERIALIZED (
  SELECT (SELECT count(*) FROM locked) = (SELECT count(*) FROM lv)
     AND NOT EXISTS (SELECT 1 FROM locked k JOIN lv ON lv.location_id = k.location_id AND lv.sku = k.sku WHERE k.available < lv.quantity) AS all_ok),
upd AS (
  UPDATE stock_levels s SET reserved = s.reserved + lv.quantity, updated_at = $5::timestamptz
    FROM lv, ok
   WHERE ok.all_ok AND s.tenant_id = $1 AND s.location_id = lv.location_id AND s.sku = lv.sku
     AND s.on_hand - s.reserved - s.safety_stock >= lv.quantity
  RETURNING 1),
seq AS MATERIALIZED (SELECT 'A-' || nextval('order_number_seq') AS order_number FROM ok WHERE ok.all_ok),
ins_order AS (
  INSERT INTO orders (tenant_id, id, order_number, channel, external_id, delivery_method, customer_first_name,
                      customer_last_name, customer_email, customer_phone, ship_to, pickup_location_id, currency,
                      routing_decision, routing_revision, created_at)
  SELECT $1, $6, seq.order_number, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17::jsonb, $18::int, $5::timestamptz FROM seq),
ins_lines AS (
  INSERT INTO order_lines (tenant_id, order_id, line_id, sku, quantity, delivery_method, unit_price_minor)
  SELECT $1, $6, x.line_id, x.sku, x.quantity, x.method, x.price
    FROM unnest($19::text[], $20::text[], $21::int[], $22::text[], $23::int[]) AS x(line_id, sku, quantity, method, price), ok WHERE ok.all_ok),
ins_fo AS (
  INSERT INTO fulfilment_orders (tenant_id, id, order_id, location_id, delivery_method, status, version, created_at, updated_at)
  SELECT $1, x.id, $6, x.location_id, x.method, 'assigned', 1, $5::timestamptz, $5::timestamptz
    FROM unnest($24::text[], $25::text[], $26::text[]) AS x(id, location_id, method), ok WHERE ok.all_ok),
ins_events AS (
  INSERT INTO fulfilment_events (tenant_id, fulfilment_order_id, type, payload, at)
  SELECT $1, x.id, 'assigned', x.payload::jsonb, $5::timestamptz FROM unnest($24::text[], $27::text[]) AS x(id, payload), ok WHERE ok.all_ok),
ins_changes AS (
  INSERT INTO replica_changes (tenant_id, location_id, collection, doc_id, txid, deleted)
  SELECT $1, x.location_id, 'fulfilment_orders', x.id, pg_current_xact_id(), false
    FROM unnest($24::text[], $25::text[]) AS x(id, location_id), ok WHERE ok.all_ok
  ON CONFLICT (tenant_id, location_id, collection, doc_id) DO UPDATE SET txid = EXCLUDED.txid, deleted = EXCLUDED.deleted),
ins_fo_lines AS (
  INSERT INTO fulfilment_order_lines (tenant_id, fulfilment_order_id, line_id, sku, gtin, name, quantity)
  SELECT $1, x.fo_id, x.line_id, x.sku, x.gtin, x.name, x.quantity
    FROM unnest($28::text[], $30::text[], $31::text[], $32::text[], $33::text[], $34::int[]) AS x(fo_id, line_id, sku, gtin, name, quantity), ok
   WHERE ok.all_ok),
ins_reservations AS (
  INSERT INTO reservations (tenant_id, id, location_id, sku, quantity, kind, order_id, line_id, fulfilment_order_id, expires_at, created_at)
  SELECT $1, x.id, x.location_id, x.sku, x.quantity, 'order', $6, x.line_id, x.fo_id, NULL, $5::timestamptz
    FROM unnest($35::text[], $29::text[], $31::text[], $34::int[], $30::text[], $28::text[]) AS x(id, location_id, sku, quantity, line_id, fo_id), ok
   WHERE ok.all_ok),
ins_shortfalls AS (
  INSERT INTO order_line_shortfalls (tenant_id, order_id, line_id, kind, quantity, reason, location_id, created_at)
  SELECT $1, $6, x.line_id, x.kind, x.quantity, x.reason, x.location_id, $5::timestamptz
    FROM unnest($36::text[], $37::text[], $38::int[], $39::text[], $40::text[]) AS x(line_id, kind, quantity, reason, location_id), ok
   WHERE ok.all_ok),
ins_webhook AS (
  INSERT INTO webhook_deliveries (tenant_id, id, channel, event, order_id, body, created_at)
  SELECT $1, $41::uuid, $7, 'order.routed', $6, $42::text, $5::timestamptz FROM ok WHERE ok.all_ok AND $41::text IS NOT NULL),
ins_idempotency AS (
  INSERT INTO idempotency_keys (tenant_id, channel, key, request_hash, status_code, response)
  SELECT $1, $7, $43, $44, 201, jsonb_set($45::jsonb, '{orderNumber}', to_jsonb(seq.order_number)) FROM seq)
SELECT ok.all_ok, (SELECT order_number FROM seq) AS order_number, (SELECT count(*)::int FROM upd) AS reserved_levels FROM ok`;

/**
 * Lines no location takes now. Backorders wait for inbound supply at a named
 * location; pickup lines the chosen store cannot fill are backordered there when
 * its inbound covers them, otherwise unfillable — the decision's alternatives
 * tell the channel what it can offer the customer instead.
 */
export function shortfallRows(decision: RoutingDecision) {
  const rows: { lineId: string; kind: 'backorder' | 'unfillable'; quantity: number; reason: string; locationId: string | null }[] = [
    ...decision.backorders.map((b) => ({ lineId: b.lineId, kind: 'backorder' as const, quantity: b.quantity, reason: b.reason, locationId: b.locationId })),
    ...decision.unfillable.map((u) => ({ lineId: u.lineId, kind: 'unfillable' as const, quantity: u.quantity, reason: u.reason, locationId: null })),
  ];
  const waiting = decision.pickupAlternatives?.waitForInbound;
  for (const issue of decision.pickupIssues) {
    const backorder = waiting?.lineIds.includes(issue.lineId) ?? false;
    rows.push({
      lineId: issue.lineId,
      kind: backorder ? 'backorder' : 'unfillable',
      quantity: issue.quantity,
      reason: issue.reason,
      locationId: backorder && waiting ? waiting.locationId : null,
    });
  }
  const merged = new Map<string, (typeof rows)[number]>();
  for (const r of rows.filter((x) => x.quantity > 0)) {
    const key = `${r.lineId}/${r.kind}`;
    const prior = merged.get(key);
    merged.set(key, prior ? { ...prior, quantity: prior.quantity + r.quantity } : r);
  }
  return [...merged.values()];
}
