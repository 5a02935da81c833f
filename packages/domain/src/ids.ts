import { z } from 'zod';

// Branded ids: a LocationId can never be passed where a Sku is expected, yet on
// the wire and in storage they stay plain strings. Brands come from zod so a
// parsed request yields branded values without casts.

const opaqueId = z.string().min(1).max(100);

export const TenantId = opaqueId.brand<'TenantId'>();
export type TenantId = z.infer<typeof TenantId>;

export const LocationId = opaqueId.brand<'LocationId'>();
export type LocationId = z.infer<typeof LocationId>;

export const OrderId = opaqueId.brand<'OrderId'>();
export type OrderId = z.infer<typeof OrderId>;

export const FulfilmentOrderId = opaqueId.brand<'FulfilmentOrderId'>();
export type FulfilmentOrderId = z.infer<typeof FulfilmentOrderId>;

export const LineId = opaqueId.brand<'LineId'>();
export type LineId = z.infer<typeof LineId>;

export const DeviceId = opaqueId.brand<'DeviceId'>();
export type DeviceId = z.infer<typeof DeviceId>;

/** Stock keeping unit: letters, digits and `-_.`, as channels send them. */
export const Sku = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a SKU is letters, digits, dot, dash or underscore')
  .brand<'Sku'>();
export type Sku = z.infer<typeof Sku>;

/** Commands carry client-made UUIDs (v7 on devices) so a retry is recognisable. */
export const CommandId = z.uuid().brand<'CommandId'>();
export type CommandId = z.infer<typeof CommandId>;

export const ChannelId = opaqueId.brand<'ChannelId'>();
export type ChannelId = z.infer<typeof ChannelId>;

export const ReservationId = opaqueId.brand<'ReservationId'>();
export type ReservationId = z.infer<typeof ReservationId>;

export const PackageId = opaqueId.brand<'PackageId'>();
export type PackageId = z.infer<typeof PackageId>;

export const ShipmentId = opaqueId.brand<'ShipmentId'>();
export type ShipmentId = z.infer<typeof ShipmentId>;

export const ReturnId = opaqueId.brand<'ReturnId'>();
export type ReturnId = z.infer<typeof ReturnId>;

export const ReturnLineId = opaqueId.brand<'ReturnLineId'>();
export type ReturnLineId = z.infer<typeof ReturnLineId>;

export const TransferId = opaqueId.brand<'TransferId'>();
export type TransferId = z.infer<typeof TransferId>;

export const RoutingPolicyId = opaqueId.brand<'RoutingPolicyId'>();
export type RoutingPolicyId = z.infer<typeof RoutingPolicyId>;
