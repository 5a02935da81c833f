import { z } from 'zod';
import { DeviceId, LocationId, TenantId } from '../ids.ts';

export const EnrolRequest = z.object({
  code: z.string().trim().min(4).max(32),
  deviceName: z.string().trim().min(1).max(80).optional(),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z.object({
  deviceId: DeviceId,
  /** Bearer token for every later call; shown once, stored hashed on the server. */
  token: z.string(),
  tenantId: TenantId,
  location: z.object({ id: LocationId, name: z.string(), kind: z.enum(['store', 'warehouse']) }),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;
