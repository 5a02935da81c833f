import type { FulfilmentOrder } from '@aisle/domain';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { shareReplay } from 'rxjs';
import { ApiClient, type FetchLike } from '../api/api-client.ts';
import type { AisleDatabase } from '../db/database.ts';
import { forgetCredentials, session$, type Enrolment, type Session } from '../db/device-store.ts';
import { CounterModeScreen } from '../features/handoff/counter-mode-screen.tsx';
import { OrderListScreen } from '../features/pick/order-list-screen.tsx';
import { OrderScreen } from '../features/pick/order-screen.tsx';
import { homeFor, mayMake, signOut } from '../features/sign-in/session.ts';
import { SignInScreen } from '../features/sign-in/sign-in-screen.tsx';
import { useSessionKeeper } from '../features/sign-in/use-session-keeper.ts';
import type { Network } from '../features/sync/network.ts';
import { rebasedOrders$ } from '../features/sync/orders-view.ts';
import { SyncEngine } from '../features/sync/sync-engine.ts';
import { syncStatus$ } from '../features/sync/sync-status.ts';
import { requestPersistentStorage } from '../lib/persist-storage.ts';
import { Header } from './header.tsx';
import { matchRoute, navigate, usePathname } from './router.ts';
import { useObservable } from './use-observable.ts';

interface EnrolledAppProps {
  db: AisleDatabase;
  enrolment: Enrolment;
  baseUrl: string;
  fetch: FetchLike;
  network: Network;
}

export function EnrolledApp({ db, enrolment, baseUrl, fetch, network }: EnrolledAppProps) {
  const { token, tenantId } = enrolment;
  const locationId = enrolment.location.id;

  // Sync runs whether or not anyone is signed in: the outbox belongs to the device.
  const engine = useMemo(
    () =>
      new SyncEngine({
        db,
        baseUrl,
        fetch,
        network,
        credentials: { token, tenantId, locationId },
        // The enrol screen comes back; the outbox stays and is sent after re-enrolment.
        onUnauthenticated: () => void forgetCredentials(db),
      }),
    [db, baseUrl, fetch, network, token, tenantId, locationId],
  );
  useEffect(() => {
    engine.start();
    return () => void engine.stop();
  }, [engine]);

  useEffect(() => {
    void requestPersistentStorage();
  }, []);

  const status$ = useMemo(() => syncStatus$(db, network, engine.link$), [db, network, engine]);
  const status = useObservable(status$, null);
  const sessionSource = useMemo(() => session$(db), [db]);
  const session = useObservable<Session | null | undefined>(sessionSource, undefined);
  const orders$ = useMemo(() => rebasedOrders$(db, locationId).pipe(shareReplay({ bufferSize: 1, refCount: true })), [db, locationId]);
  const orders = useObservable(orders$, null);

  const [signingOut, setSigningOut] = useState(false);
  const onSignOut = useCallback(() => {
    if (!session || signingOut) return;
    setSigningOut(true);
    const client = new ApiClient({ baseUrl, fetch, token, sessionToken: session.token });
    void signOut(db, client, session).finally(() => {
      setSigningOut(false);
      // The next person starts at the beginning, not on the last order someone had open.
      navigate('/', { replace: true });
    });
  }, [db, baseUrl, fetch, token, session, signingOut]);

  return (
    <div className="app">
      <Header
        storeName={enrolment.location.name}
        status={status}
        orders={session ? (orders ?? []) : []}
        session={session ?? null}
        onSignOut={onSignOut}
        signingOut={signingOut}
      />
      <main className="content">
        {session === undefined ? (
          <p className="loading">Opening Aisle…</p>
        ) : session === null ? (
          <SignInScreen db={db} baseUrl={baseUrl} fetch={fetch} deviceToken={token} storeName={enrolment.location.name} />
        ) : (
          <SignedIn db={db} session={session} orders={orders} baseUrl={baseUrl} fetch={fetch} deviceToken={token} network={network} />
        )}
      </main>
    </div>
  );
}

interface SignedInProps {
  db: AisleDatabase;
  session: Session;
  orders: readonly FulfilmentOrder[] | null;
  baseUrl: string;
  fetch: FetchLike;
  deviceToken: string;
  network: Network;
}

/** The screens a signed-in associate's role allows; rendered only while the session lasts. */
function SignedIn({ db, session, orders, baseUrl, fetch, deviceToken, network }: SignedInProps) {
  useSessionKeeper({ db, session, baseUrl, fetch, deviceToken, network });
  const route = matchRoute(usePathname());
  const home = homeFor(session.associate.role);
  if (home === 'counter') return <CounterModeScreen />;
  if (route.name === 'order') {
    return <OrderScreen key={route.fulfilmentOrderId} db={db} fulfilmentOrderId={route.fulfilmentOrderId} canPick={mayMake(session, 'pick_line')} />;
  }
  return (
    <>
      {home === 'returns_pending' && (
        <p className="note note-top" data-testid="returns-coming">
          The returns desk is coming to Aisle soon. Meanwhile, here are the store&apos;s orders.
        </p>
      )}
      <OrderListScreen orders={orders} />
    </>
  );
}
