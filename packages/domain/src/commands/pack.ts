import { z } from 'zod';
import {
  isFullyPacked,
  packedQuantity,
  PackageSpec,
  type FloorFulfilmentOrder,
  type Package,
} from '../fulfilment-order/floor-fulfilment-order.ts';
import { FulfilmentOrderId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import type { FulfilmentOrderStatusChangedEvent, PackagePackedEvent } from './events.ts';
import { refuser } from './refusal.ts';
import { transition } from './transition.ts';

/** Picked units go into one or more packages; packing may take several commands (one per box, say). */
export const PackCommand = z.object({
  type: z.literal('pack'),
  fulfilmentOrderId: FulfilmentOrderId,
  packages: z.array(PackageSpec).min(1).max(50),
});
export type PackCommand = z.infer<typeof PackCommand>;

export const PACK_REFUSALS = {
  /** PA1 */
  not_packable: 'the fulfilment order is not picked and waiting to be packed',
  /** PA2 */
  duplicate_package: 'this package id is already used on the fulfilment order',
  /** PA3 */
  line_not_found: 'the fulfilment order has no such line',
  /** PA3 */
  duplicate_line: 'a line appears twice in one package',
  /** PA4 */
  quantity_exceeds_picked: 'more units packed than were picked',
} as const;
export type PackRefusalCode = keyof typeof PACK_REFUSALS;

const refuse = refuser(PACK_REFUSALS);

export function validatePack(fo: FloorFulfilmentOrder, cmd: PackCommand): Result<void, Refusal<PackRefusalCode>> {
  // Packing waits for picking to settle: packing while picking would let the
  // order look packed before its last unit was found.
  if (fo.status !== 'picked') return err(refuse('not_packable', `it is ${fo.status}`));
  const packageIds = new Set((fo.packages ?? []).map((p) => p.packageId as string));
  const adding = new Map<string, number>();
  for (const pkg of cmd.packages) {
    if (packageIds.has(pkg.packageId)) return err(refuse('duplicate_package', pkg.packageId));
    packageIds.add(pkg.packageId);
    const inPackage = new Set<string>();
    for (const { lineId, quantity } of pkg.lines) {
      if (!fo.lines.some((l) => l.lineId === lineId)) return err(refuse('line_not_found', lineId));
      if (inPackage.has(lineId)) return err(refuse('duplicate_line', `${lineId} in ${pkg.packageId}`));
      inPackage.add(lineId);
      adding.set(lineId, (adding.get(lineId) ?? 0) + quantity);
    }
  }
  for (const line of fo.lines) {
    const packed = packedQuantity(fo, line.lineId) + (adding.get(line.lineId) ?? 0);
    if (packed > line.picked) return err(refuse('quantity_exceeds_picked', `${line.sku}: ${packed} packed, ${line.picked} picked`));
  }
  return ok(undefined);
}

export type PackEvent = PackagePackedEvent | FulfilmentOrderStatusChangedEvent;

/** PA5, PA6: records the packages; the order is `packed` once every picked unit is in one. Call only after `validatePack`. */
export function applyPack(fo: FloorFulfilmentOrder, cmd: PackCommand, ctx: CommandContext): { state: FloorFulfilmentOrder; events: PackEvent[] } {
  const added: Package[] = cmd.packages.map((spec) => ({ ...spec, packedAt: ctx.now }));
  const packages = [...(fo.packages ?? []), ...added];
  const events: PackEvent[] = added.map((pkg) => ({
    type: 'package_packed',
    fulfilmentOrderId: fo.id,
    packageId: pkg.packageId,
    lines: pkg.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
    at: ctx.now,
  }));
  const moved = isFullyPacked({ lines: fo.lines, packages }) ? transition(fo, 'pack', ctx.now) : { status: fo.status, events: [] };
  events.push(...moved.events);
  return { state: { ...fo, packages, status: moved.status, version: fo.version + 1, updatedAt: ctx.now }, events };
}
