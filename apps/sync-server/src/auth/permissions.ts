import type { FloorCommand } from '@aisle/domain';
import type { AssociateRole } from '@aisle/domain/protocol';

export type Role = AssociateRole;

/** Anything a device may push: floor commands, and return commands once the server stores returns. */
type PushedCommand = FloorCommand | { type: string };

const FLOOR_WORK = ['pick_line', 'short_pick', 'pack', 'ship', 'stage_for_pickup'] as const;
const RETURNS_DESK = ['request_return_line', 'receive_return_line', 'cancel_return', 'refund_return'] as const;
/** Shelf work every floor role does: counting and receiving goods (`receive_transfer` is not accepted by push yet). */
const SHELF_WORK = ['cycle_count', 'receive_transfer'] as const;

/**
 * What each role may push, by command type. Deliberately a table rather than
 * a hierarchy: a counter kiosk is a customer-facing screen and may change
 * nothing; a picker never hands goods to a customer.
 */
export const ROLE_COMMANDS: Record<Role, ReadonlySet<string>> = {
  picker: new Set([...FLOOR_WORK, ...SHELF_WORK]),
  associate: new Set([...FLOOR_WORK, ...SHELF_WORK, 'adjust_stock', 'hand_off', 'request_return_line', 'receive_return_line']),
  returns: new Set([...RETURNS_DESK, 'hand_off']),
  manager: new Set([...FLOOR_WORK, ...SHELF_WORK, 'adjust_stock', 'hand_off', 'expire_pickup', ...RETURNS_DESK]),
  counter_kiosk: new Set(),
};

/**
 * The refusal for a command this role may not make, or null. Beyond the
 * table: handing goods over on a photo-ID check instead of the pickup code is
 * a manager's call (the code is the customer's proof; ID is the exception).
 */
export function commandRefusalForRole(role: Role, command: PushedCommand): { code: 'not_permitted'; message: string } | null {
  if (!ROLE_COMMANDS[role].has(command.type)) {
    return { code: 'not_permitted', message: `a ${role.replace('_', ' ')} may not ${command.type.replaceAll('_', ' ')}` };
  }
  if (command.type === 'hand_off' && 'verification' in command && command.verification.method === 'id_checked' && role !== 'manager') {
    return { code: 'not_permitted', message: 'only a manager may hand goods over on a photo-ID check' };
  }
  return null;
}
