import type { FulfilmentOrder } from '@aisle/domain';
import type { Session } from '../db/device-store.ts';
import { ExceptionsPanel } from '../features/sync/exceptions-panel.tsx';
import { SyncBadge } from '../features/sync/sync-badge.tsx';
import type { SyncStatus } from '../features/sync/sync-status.ts';
import { followLink } from './router.ts';
import { UpdateRequiredBanner } from './update-banner.tsx';

interface HeaderProps {
  storeName: string;
  status: SyncStatus | null;
  orders: readonly FulfilmentOrder[];
  /** Null on the sign-in screen: no name, no sign-out, no exceptions (they name orders and products). */
  session: Session | null;
  onSignOut: () => void;
  signingOut: boolean;
}

export function Header({ storeName, status, orders, session, onSignOut, signingOut }: HeaderProps) {
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
        {session && (
          <div className="header-user">
            {/* The server's display name is already first name + last initial. */}
            <span className="signed-in-as" data-testid="signed-in-as" data-role={session.associate.role}>
              {session.associate.displayName}
            </span>
            <button type="button" className="button header-signout" data-testid="signout" onClick={onSignOut} disabled={signingOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      {status?.updateRequired && <UpdateRequiredBanner />}
      {status && session && <ExceptionsPanel rejected={status.rejected} orders={orders} />}
    </>
  );
}
