import type { SyncStatus } from './sync-status.ts';

export function SyncBadge({ status }: { status: SyncStatus }) {
  const synced = status.lastSyncedAt ? formatTime(status.lastSyncedAt) : null;
  return (
    <div
      data-testid="sync-badge"
      data-online={String(status.online)}
      data-pending={String(status.pending)}
      className={`sync-badge ${status.online ? 'is-online' : 'is-offline'}`}
      role="status"
      title={status.lastSyncedAt ? `Last synced ${new Date(status.lastSyncedAt).toLocaleString()}` : 'Not synced yet'}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span>
        {status.online ? 'Online' : 'Offline'} · {status.pending} pending
      </span>
      {synced && <span className="sync-time"> · synced {synced}</span>}
    </div>
  );
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
