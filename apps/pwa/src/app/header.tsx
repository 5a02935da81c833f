import type { FulfilmentOrder } from '@aisle/domain';
import { ExceptionsPanel } from '../features/sync/exceptions-panel.tsx';
import { SyncBadge } from '../features/sync/sync-badge.tsx';
import type { SyncStatus } from '../features/sync/sync-status.ts';
import { followLink } from './router.ts';
import { UpdateRequiredBanner } from './update-banner.tsx';

interface HeaderProps {
  storeName: string;
  status: SyncStatus | null;
  orders: readonly FulfilmentOrder[];
}

export function Header({ storeName, status, orders }: HeaderProps) {
  return (
    <>
      <header className="app-header">
        <a href="/" className="brand" onClick={(e) => followLink(e, '/')}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="store-name" data-testid="store-name">
            {storeName}
          </span>
        </a>
        {status && <SyncBadge status={status} />}
      </header>
      {status?.updateRequired && <UpdateRequiredBanner />}
      {status && <ExceptionsPanel rejected={status.rejected} orders={orders} />}
    </>
  );
}
