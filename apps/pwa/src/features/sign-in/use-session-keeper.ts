import { useEffect } from 'react';
import { ApiClient, type FetchLike } from '../../api/api-client.ts';
import type { AisleDatabase } from '../../db/database.ts';
import type { Session } from '../../db/device-store.ts';
import type { Network } from '../sync/network.ts';
import { SessionKeeper } from './session-keeper.ts';

const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
/** Timers are throttled in background tabs; visibility changes trigger a check as well. */
const CHECK_EVERY_MS = 15_000;

interface SessionKeeperProps {
  db: AisleDatabase;
  session: Session;
  baseUrl: string;
  fetch: FetchLike;
  deviceToken: string;
  network: Network;
}

/** Runs the idle timeout and the session heartbeat while someone is signed in. */
export function useSessionKeeper({ db, session, baseUrl, fetch, deviceToken, network }: SessionKeeperProps): void {
  useEffect(() => {
    const client = new ApiClient({ baseUrl, fetch, token: deviceToken, sessionToken: session.token });
    const keeper = new SessionKeeper({ db, session, client, network });
    const onInput = () => keeper.activity();
    const check = () => void keeper.check();
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });
    document.addEventListener('visibilitychange', check);
    const timer = setInterval(check, CHECK_EVERY_MS);
    void keeper.start();
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
      document.removeEventListener('visibilitychange', check);
      clearInterval(timer);
    };
  }, [db, session, baseUrl, fetch, deviceToken, network]);
}
