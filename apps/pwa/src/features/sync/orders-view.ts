import type { FulfilmentOrder } from '@aisle/domain';
import { combineLatest, map, type Observable } from 'rxjs';
import type { AisleDatabase } from '../../db/database.ts';
import type { OutboxEntry } from '../../db/schemas.ts';
import { outboxEntries$ } from './outbox.ts';
import { rebaseView } from './rebase.ts';

/**
 * Every fulfilment order of the device's location as the associate should
 * see it (replica + own commands, see rebase.ts), oldest first. Reads only
 * the local database, so it renders offline and before any network answer.
 */
export function rebasedOrders$(db: AisleDatabase, locationId: string): Observable<FulfilmentOrder[]> {
  return combineLatest([
    db.fulfilment_orders.find({ selector: { locationId: { $eq: locationId } } }).$,
    outboxEntries$(db),
  ]).pipe(
    map(([docs, entries]) =>
      docs
        .map((doc) => rebaseView(doc.toMutableJSON(), entries))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.orderNumber.localeCompare(b.orderNumber)),
    ),
  );
}

/** One fulfilment order as the associate should see it; `null` when the replica has no such document. */
export function rebasedOrder$(db: AisleDatabase, id: string): Observable<FulfilmentOrder | null> {
  return combineLatest([
    db.fulfilment_orders.findOne(id).$,
    db.outbox.find({ selector: { fulfilmentOrderId: id } }).$,
  ]).pipe(
    map(([doc, entries]) =>
      doc ? rebaseView(doc.toMutableJSON(), entries.map((e): OutboxEntry => e.toMutableJSON())) : null,
    ),
  );
}

/** The same view, read once: what a new command must be validated against. */
export async function readRebasedOrder(
  db: AisleDatabase,
  id: string,
): Promise<{ replica: FulfilmentOrder; view: FulfilmentOrder } | null> {
  const [doc, entries] = await Promise.all([
    db.fulfilment_orders.findOne(id).exec(),
    db.outbox.find({ selector: { fulfilmentOrderId: id } }).exec(),
  ]);
  if (!doc) return null;
  const replica = doc.toMutableJSON();
  return { replica, view: rebaseView(replica, entries.map((e) => e.toMutableJSON())) };
}
