import { z } from 'zod';
import { LocationId } from '../ids.ts';

export const ASSOCIATE_ROLES = ['associate', 'picker', 'returns', 'manager', 'counter_kiosk'] as const;
export const AssociateRole = z.enum(ASSOCIATE_ROLES);
export type AssociateRole = z.infer<typeof AssociateRole>;

/** The header that carries the signed-in associate's session token, beside the device's bearer token. */
export const SESSION_HEADER = 'Aisle-Session';

export const Pin = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');

export const SignInRequest = z.object({
  /** The badge barcode as scanned (case and surrounding spaces do not matter). */
  badge: z.string().trim().min(4).max(100),
  pin: Pin,
});
export type SignInRequest = z.infer<typeof SignInRequest>;

export const SignInResponse = z.object({
  /** Send as `Aisle-Session` with the device token; shown once, stored hashed. */
  sessionToken: z.string(),
  /** Not a secret: stamped on every command made in this session, so the server knows its author after sign-out. */
  sessionId: z.string(),
  associate: z.object({ id: z.string(), displayName: z.string(), role: AssociateRole }),
  /** Absolute end of the session; it also ends after `idleTimeoutSeconds` without a request. */
  expiresAt: z.iso.datetime(),
  idleTimeoutSeconds: z.number().int().positive(),
  /** Command types this associate may push; the screens offer only these. */
  permissions: z.array(z.string()),
});
export type SignInResponse = z.infer<typeof SignInResponse>;

export const CreateAssociateRequest = z.object({
  firstName: z.string().trim().min(1).max(80),
  lastName: z.string().trim().min(1).max(80),
  role: AssociateRole,
  /** Omit for someone who may sign in at every location (an area manager). */
  locationId: LocationId.optional(),
  pin: Pin,
});
export type CreateAssociateRequest = z.infer<typeof CreateAssociateRequest>;

export const IssueEnrolmentCodeRequest = z.object({ locationId: LocationId });
export const IssueChannelKeyRequest = z.object({ channel: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _') });
