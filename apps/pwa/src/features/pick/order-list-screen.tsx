import type { FulfilmentOrder } from '@aisle/domain';
import { followLink, orderPath } from '../../app/router.ts';
import { isOpenForPicking, unitCounts } from './order-summary.ts';

export function OrderListScreen({ orders }: { orders: readonly FulfilmentOrder[] | null }) {
  if (!orders) return <p className="loading">Loading orders…</p>;
  const open = orders.filter(isOpenForPicking);
  const done = orders.filter((o) => !isOpenForPicking(o));
  return (
    <section data-testid="order-list" className="order-list" aria-labelledby="orders-title">
      <h1 id="orders-title">Orders to pick</h1>
      {open.length === 0 ? (
        <p className="empty">Nothing to pick right now. New orders appear here by themselves.</p>
      ) : (
        <ul className="cards">
          {open.map((order) => (
            <li key={order.id}>
              <OrderCard order={order} testId="order-card" />
            </li>
          ))}
        </ul>
      )}
      {done.length > 0 && (
        <>
          <h2>Done</h2>
          <ul className="cards cards-done">
            {done.map((order) => (
              <li key={order.id}>
                <OrderCard order={order} testId="done-card" />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function OrderCard({ order, testId }: { order: FulfilmentOrder; testId: string }) {
  const { picked, total } = unitCounts(order);
  const path = orderPath(order.id);
  return (
    <a href={path} onClick={(e) => followLink(e, path)} className="order-card" data-testid={testId} data-order-number={order.orderNumber}>
      <span className="order-card-top">
        <span className="order-number">{order.orderNumber}</span>
        <StatusPill status={order.status} />
      </span>
      <span className="order-card-bottom">
        <span className="customer">{order.customerDisplayName}</span>
        <span className="units">
          {picked}/{total} units
        </span>
      </span>
      <span className="progress" aria-hidden="true">
        <span className="progress-bar" style={{ width: `${total ? (picked / total) * 100 : 0}%` }} />
      </span>
    </a>
  );
}

export function StatusPill({ status, testId }: { status: FulfilmentOrder['status']; testId?: string }) {
  return (
    <span className={`status status-${status}`} data-testid={testId}>
      {status}
    </span>
  );
}
