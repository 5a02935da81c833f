import { applyFloorCommand, validateFloorCommand, type FloorCommand, type FulfilmentOrder } from '@aisle/domain';
import type { OutboxEntry } from '../../db/schemas.ts';

/** What rebasing needs of an outbox entry. */
export type RebaseCommand = Pick<OutboxEntry, 'deviceSeq' | 'createdAt'> & { readonly command: FloorCommand };

/**
 * The view the associate sees: the server's state (the replica) with the
 * device's own commands re-applied on top, in device order, using the same
 * domain rules the server uses. A command that no longer validates against
 * newer server state (someone else picked the last unit, the order was
 * cancelled) is skipped: it will come back rejected and land in the
 * exceptions list, so it must not linger in the view. Pure: no I/O, no clock.
 */
export function rebase(doc: FulfilmentOrder, commands: readonly RebaseCommand[]): FulfilmentOrder {
  const ordered = [...commands].sort((a, b) => a.deviceSeq - b.deviceSeq);
  let state = doc;
  for (const { command, createdAt } of ordered) {
    if (command.fulfilmentOrderId !== doc.id) continue;
    if (!validateFloorCommand(state, command).ok) continue;
    state = applyFloorCommand(state, command, { now: createdAt }).state;
  }
  return state;
}

/**
 * Whether the replica already contains an acknowledged command. The server
 * answers `applied` with the document's version after the command; until a
 * pull brings that version the command is re-applied, so a pick never
 * flickers out of view between the ack and the pull.
 */
export function isReflectedIn(entry: Pick<OutboxEntry, 'state' | 'documentVersion'>, replica: Pick<FulfilmentOrder, 'version'>): boolean {
  return entry.state === 'acked' && entry.documentVersion !== undefined && replica.version >= entry.documentVersion;
}

/** Commands the replica does not show yet: every `pending` one and `acked` ones it has not caught up with. */
export function commandsInFlight<E extends Pick<OutboxEntry, 'state' | 'documentVersion' | 'fulfilmentOrderId'>>(
  replica: Pick<FulfilmentOrder, 'id' | 'version'>,
  entries: readonly E[],
): E[] {
  return entries.filter(
    (entry) =>
      entry.fulfilmentOrderId === replica.id &&
      (entry.state === 'pending' || (entry.state === 'acked' && !isReflectedIn(entry, replica))),
  );
}

/** Replica + in-flight commands: what every screen displays. */
export function rebaseView(replica: FulfilmentOrder, entries: readonly OutboxEntry[]): FulfilmentOrder {
  return rebase(replica, commandsInFlight(replica, entries));
}
