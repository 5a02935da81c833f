import { z } from 'zod';
import { LineId, PackageId, ShipmentId } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { FulfilmentOrder } from './fulfilment-order.ts';
import { PickupCodeDigest } from './pickup-code.ts';

/** Heaviest parcel the floor may record; guards against grams typed as milligrams. */
export const MAX_PACKAGE_WEIGHT_GRAMS = 1_000_000;
/** Longest side the floor may record, in millimetres. */
export const MAX_PACKAGE_SIDE_MM = 10_000;

export const PackageLine = z.object({ lineId: LineId, quantity: Quantity });
export type PackageLine = z.infer<typeof PackageLine>;

const sideMm = z.number().int().positive().max(MAX_PACKAGE_SIDE_MM);
export const PackageDimensions = z.object({ length: sideMm, width: sideMm, height: sideMm });
export type PackageDimensions = z.infer<typeof PackageDimensions>;

/** A package as the packer describes it: which units went in, optionally what it weighs and measures. */
export const PackageSpec = z.object({
  packageId: PackageId,
  lines: z.array(PackageLine).min(1).max(500),
  weightGrams: z.number().int().positive().max(MAX_PACKAGE_WEIGHT_GRAMS).optional(),
  dimensionsMm: PackageDimensions.optional(),
});
export type PackageSpec = z.infer<typeof PackageSpec>;

export const Package = PackageSpec.extend({ packedAt: z.iso.datetime() });
export type Package = z.infer<typeof Package>;

/** Packages handed to one carrier under one tracking number. A package ships at most once. */
export const Shipment = z.object({
  shipmentId: ShipmentId,
  carrier: z.string(),
  /** Normalised (upper case, no spaces) so support can search it as the carrier prints it. */
  trackingNumber: z.string(),
  packageIds: z.array(PackageId).min(1),
  shippedAt: z.iso.datetime(),
});
export type Shipment = z.infer<typeof Shipment>;

export const HANDOFF_OUTCOMES = ['all', 'some', 'refused'] as const;
export type HandoffOutcome = (typeof HANDOFF_OUTCOMES)[number];

/** Why a customer left units at the counter; feeds return-rate-by-reason style metrics. */
export const NOT_TAKEN_REASONS = ['changed_mind', 'damaged', 'wrong_item', 'not_as_described', 'other'] as const;
export const NotTakenReason = z.enum(NOT_TAKEN_REASONS);
export type NotTakenReason = z.infer<typeof NotTakenReason>;

export const HANDOFF_VERIFICATIONS = ['pickup_code', 'id_checked'] as const;

/** What happened at the counter: the one handoff that closes a pickup (FO lifecycle). */
export const Handoff = z.object({
  at: z.iso.datetime(),
  outcome: z.enum(HANDOFF_OUTCOMES),
  verifiedBy: z.enum(HANDOFF_VERIFICATIONS),
  /** Recorded after the fulfilment order had been cancelled or had expired (FO6): a manager must look. */
  late: z.boolean(),
  reason: NotTakenReason.optional(),
  /** Every line with staged units, with how many the customer took (0 for a line left behind). */
  lines: z.array(z.object({ lineId: LineId, handedOver: z.number().int().nonnegative() })),
});
export type Handoff = z.infer<typeof Handoff>;

/**
 * A fulfilment order as the floor commands see it: the replicated document
 * plus what packing, staging, handoff and shipping record. Every extra field is
 * optional, so a `FulfilmentOrder` from today's server or replica is a valid
 * `FloorFulfilmentOrder`, and every command result is still a valid
 * `FulfilmentOrder` for code that only knows that type.
 *
 * Why a second type instead of new optional fields on `FulfilmentOrder`: the
 * PWA types its RxDB schema as `RxJsonSchema<FulfilmentOrder>`, which demands a
 * schema property for every top-level key (optional or not), and a changed
 * RxDB schema needs a version bump and a migration on devices. Merging these
 * fields into `FulfilmentOrder` is that migration's job.
 */
export const FloorFulfilmentOrder = FulfilmentOrder.extend({
  packages: z.array(Package).optional(),
  shipments: z.array(Shipment).optional(),
  /** Where staged goods wait at the counter (ST rules). */
  pickupBin: z.string().optional(),
  stagedAt: z.iso.datetime().optional(),
  /** Set by the server when the pickup code is issued; the code itself is never stored (CU2). */
  pickupCode: PickupCodeDigest.optional(),
  handoff: Handoff.optional(),
});
export type FloorFulfilmentOrder = z.infer<typeof FloorFulfilmentOrder>;

/** Units of a line inside packages; never stored beside the packages, so the two cannot disagree. */
export function packedQuantity(fo: Pick<FloorFulfilmentOrder, 'packages'>, lineId: string): number {
  let units = 0;
  for (const pkg of fo.packages ?? []) for (const line of pkg.lines) if (line.lineId === lineId) units += line.quantity;
  return units;
}

/** Every picked unit is in a package. */
export function isFullyPacked(fo: Pick<FloorFulfilmentOrder, 'packages' | 'lines'>): boolean {
  return fo.lines.every((line) => packedQuantity(fo, line.lineId) >= line.picked);
}

export function handedOverQuantity(fo: Pick<FloorFulfilmentOrder, 'handoff'>, lineId: string): number {
  return fo.handoff?.lines.find((l) => l.lineId === lineId)?.handedOver ?? 0;
}

export function shippedPackageIds(fo: Pick<FloorFulfilmentOrder, 'shipments'>): Set<string> {
  return new Set((fo.shipments ?? []).flatMap((s) => s.packageIds));
}

/** Every package has left with a carrier (and there is at least one). */
export function isFullyShipped(fo: Pick<FloorFulfilmentOrder, 'packages' | 'shipments'>): boolean {
  const shipped = shippedPackageIds(fo);
  const packages = fo.packages ?? [];
  return packages.length > 0 && packages.every((p) => shipped.has(p.packageId));
}
