import { useEffect, useMemo } from 'react';
import { shareReplay } from 'rxjs';
import type { FetchLike } from '../api/api-client.ts';
import type { AisleDatabase } from '../db/database.ts';
import { forgetCredentials, type Enrolment } from '../db/device-store.ts';
import { OrderListScreen } from '../features/pick/order-list-screen.tsx';
import { OrderScreen } from '../features/pick/order-screen.tsx';
import type { Network } from '../features/sync/network.ts';
import { rebasedOrders$ } from '../features/sync/orders-view.ts';
import { SyncEngine } from '../features/sync/sync-engine.ts';
import { syncStatus$ } from '../features/sync/sync-status.ts';
import { requestPersistentStorage } from '../lib/persist-storage.ts';
import { Header } from './header.tsx';
import { matchRoute, usePathname } from './router.ts';
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
  const orders$ = useMemo(() => rebasedOrders$(db, locationId).pipe(shareReplay({ bufferSize: 1, refCount: true })), [db, locationId]);
  const orders = useObservable(orders$, null);

  const route = matchRoute(usePathname());
  return (
    <div className="app">
      <Header storeName={enrolment.location.name} status={status} orders={orders ?? []} />
      <main className="content">
        {route.name === 'order' ? (
          <OrderScreen key={route.fulfilmentOrderId} db={db} fulfilmentOrderId={route.fulfilmentOrderId} />
        ) : (
          <OrderListScreen orders={orders} />
        )}
      </main>
    </div>
  );
}
