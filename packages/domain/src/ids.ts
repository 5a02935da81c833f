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
