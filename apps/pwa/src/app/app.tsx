import { useMemo } from 'react';
import type { FetchLike } from '../api/api-client.ts';
import type { AisleDatabase } from '../db/database.ts';
import { enrolment$, type Enrolment } from '../db/device-store.ts';
import { EnrolScreen } from '../features/enrol/enrol-screen.tsx';
import type { Network } from '../features/sync/network.ts';
import { EnrolledApp } from './enrolled-app.tsx';
import { UpdateBanner } from './update-banner.tsx';
import { useObservable } from './use-observable.ts';

interface AppProps {
  db: AisleDatabase;
  baseUrl: string;
  fetch: FetchLike;
  network: Network;
}

export function App({ db, baseUrl, fetch, network }: AppProps) {
  const enrolmentSource = useMemo(() => enrolment$(db), [db]);
  const enrolment = useObservable<Enrolment | null | undefined>(enrolmentSource, undefined);
  return (
    <>
      <UpdateBanner />
      {enrolment === undefined ? (
        <p className="loading">Opening Aisle…</p>
      ) : enrolment === null ? (
        <EnrolScreen db={db} baseUrl={baseUrl} fetch={fetch} />
      ) : (
        <EnrolledApp db={db} enrolment={enrolment} baseUrl={baseUrl} fetch={fetch} network={network} />
      )}
    </>
  );
}
