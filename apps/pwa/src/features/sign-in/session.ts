import { Pin, SignInResponse, type AssociateRole, type SignInRequest } from '@aisle/domain/protocol';
import { ApiFailure, type ApiClient, type Parser } from '../../api/api-client.ts';
import type { AisleDatabase } from '../../db/database.ts';
import { clearSession, saveSession, type Session } from '../../db/device-store.ts';

export const SESSIONS_PATH = '/api/v1/sessions';
export const CURRENT_SESSION_PATH = '/api/v1/sessions/current';

/** Sign-out waits this long for the server, then signs out locally anyway. */
const SIGN_OUT_WAIT_MS = 3_000;

/** The 401 codes that end the associate's session but leave the device enrolled. */
const SESSION_ENDED_CODES: ReadonlySet<string> = new Set(['session_ended', 'session_expired', 'sign_in_required']);

/** Badge + PIN → a session stored on the device. The client carries the device token. */
export async function signIn(db: AisleDatabase, client: ApiClient, badge: string, pin: string, now: Date): Promise<Session> {
  const request: SignInRequest = { badge: badge.trim(), pin };
  const response = await client.post(SESSIONS_PATH, request, SignInResponse);
  return saveSession(db, response, now);
}

/**
 * Ends the session on the server, then on the device whatever the server
 * said: a person who taps Sign out on a device without network must still
 * leave it signed out. The server ends an unreachable session by idleness.
 * The client carries the device and session tokens.
 */
export async function signOut(db: AisleDatabase, client: ApiClient, session: Session): Promise<void> {
  try {
    await client.delete(CURRENT_SESSION_PATH, AbortSignal.timeout(SIGN_OUT_WAIT_MS));
  } catch {
    // Offline, slow, or the session had already ended: the local sign-out below is what counts here.
  } finally {
    await clearSession(db, session.sessionId);
  }
}

// Only liveness matters; the body is not used.
const ANYTHING: Parser<unknown> = { parse: (data) => data };

export type SessionCheck = 'active' | 'ended' | 'unknown';

/**
 * Asks the server whether the session still stands (it also refreshes the
 * server's idle clock). `ended` has already signed the device out; `unknown`
 * (offline, server trouble, device token refused) changes nothing here: the
 * sync engine deals with a refused device token.
 */
export async function checkSession(db: AisleDatabase, client: ApiClient, session: Session): Promise<SessionCheck> {
  try {
    await client.get(CURRENT_SESSION_PATH, ANYTHING);
    return 'active';
  } catch (error) {
    if (isSessionEnded(error)) {
      await clearSession(db, session.sessionId);
      return 'ended';
    }
    return 'unknown';
  }
}

export function isSessionEnded(error: unknown): boolean {
  return error instanceof ApiFailure && error.kind === 'unauthenticated' && error.code !== undefined && SESSION_ENDED_CODES.has(error.code);
}

/** The device token itself was refused: the device must be enrolled again. */
export function isDeviceRefused(error: unknown): boolean {
  return error instanceof ApiFailure && error.kind === 'unauthenticated' && error.code === 'unauthenticated';
}

/** When the device signs out by itself: the idle limit after the last input, or the absolute end, whichever is first. */
export function sessionEndsAt(session: Pick<Session, 'expiresAt' | 'idleTimeoutSeconds' | 'signedInAt'>, lastActiveAt: string | null): number {
  const idleEnd = Date.parse(lastActiveAt ?? session.signedInAt) + session.idleTimeoutSeconds * 1000;
  return Math.min(Date.parse(session.expiresAt), idleEnd);
}

export function mayMake(session: Pick<Session, 'permissions'>, commandType: string): boolean {
  return session.permissions.includes(commandType);
}

/** What the signed-in associate sees first. */
export type Home = 'orders' | 'returns_pending' | 'counter';

export function homeFor(role: AssociateRole): Home {
  switch (role) {
    case 'counter_kiosk':
      return 'counter';
    case 'returns':
      return 'returns_pending';
    case 'picker':
    case 'associate':
    case 'manager':
      return 'orders';
  }
}

export function isValidPin(pin: string): boolean {
  return Pin.safeParse(pin).success;
}

const LOCKED_UNTIL = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)/;

/** What went wrong, in the words of the person at the device. `formatTime` is injectable for tests. */
export function describeSignInFailure(
  error: unknown,
  formatTime: (at: Date) => string = (at) => at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
): string {
  if (!(error instanceof ApiFailure)) return 'Signing in failed. Try again.';
  switch (error.code) {
    case 'sign_in_failed':
      return 'That badge and PIN do not match. Enter your PIN again, or scan a different badge.';
    case 'badge_locked': {
      const match = LOCKED_UNTIL.exec(error.message);
      const until = match?.[1] ? new Date(match[1]) : null;
      const when = until && !Number.isNaN(until.getTime()) ? `after ${formatTime(until)}` : 'in 15 minutes';
      return `This badge is locked after too many wrong PINs. Try again ${when}, or ask a manager.`;
    }
    case 'wrong_location':
      return 'This badge is not for this store. Ask a manager if you are working here today.';
    default:
      break;
  }
  switch (error.kind) {
    case 'network':
    case 'unavailable':
      return 'Cannot reach the server. Signing in needs a network connection; work already on this device is kept and sent later.';
    case 'outdated':
      return 'This version of Aisle is too old for the server. Reload the page to update, then sign in.';
    case 'unauthenticated':
      return 'This device is no longer enrolled. Enrol it again with a code from your manager.';
    case 'refused':
      return error.field === 'pin' ? 'Your PIN is 4 to 8 digits.' : 'Scan your badge again, then enter your PIN.';
    case 'bad_response':
      return 'The server gave an unexpected answer. Try again, or tell your manager.';
  }
}
