import { openQuantity, type FulfilmentOrderLine } from '@aisle/domain';
import { useCallback, useMemo, useRef, useState } from 'react';
import { followLink } from '../../app/router.ts';
import { useObservable } from '../../app/use-observable.ts';
import type { AisleDatabase } from '../../db/database.ts';
import { createSerialQueue } from '../../lib/serial-queue.ts';
import { ScanFeedback, type Feedback } from '../scan/scan-feedback.tsx';
import { ScanForm } from '../scan/scan-form.tsx';
import { signalScan } from '../scan/signal-scan.ts';
import { useWedgeScanner } from '../scan/use-wedge-scanner.ts';
import { rebasedOrder$ } from '../sync/orders-view.ts';
import { StatusPill } from './order-list-screen.tsx';
import { isOpenForPicking, unitCounts } from './order-summary.ts';
import { pickByScan } from './pick-by-scan.ts';

interface OrderScreenProps {
  db: AisleDatabase;
  fulfilmentOrderId: string;
  /** The signed-in role may pick; otherwise the order is shown without a scan field. */
  canPick: boolean;
}

export function OrderScreen({ db, fulfilmentOrderId, canPick }: OrderScreenProps) {
  const order$ = useMemo(() => rebasedOrder$(db, fulfilmentOrderId), [db, fulfilmentOrderId]);
  const order = useObservable(order$, undefined);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [runSerially] = useState(createSerialQueue);
  const scans = useRef(0);

  const handleScan = useCallback(
    (code: string) => {
      const show = (kind: Feedback['kind'], message: string) => {
        scans.current += 1;
        setFeedback({ id: scans.current, kind, message });
        signalScan(kind);
      };
      runSerially(() => pickByScan(db, fulfilmentOrderId, code, new Date())).then(
        (outcome) => show(outcome.kind, outcome.message),
        (error: unknown) => show('error', `The pick was not saved: ${error instanceof Error ? error.message : String(error)}`),
      );
    },
    [db, fulfilmentOrderId, runSerially],
  );
  useWedgeScanner(handleScan, canPick && Boolean(order));

  const back = (
    <a href="/" className="back-link" onClick={(e) => followLink(e, '/')}>
      ← Orders
    </a>
  );
  if (order === undefined) return <p className="loading">Loading order…</p>;
  if (order === null) {
    return (
      <section className="order-screen" data-testid="order-missing">
        {back}
        <h1>Order not found</h1>
        <p>This order is not on this device. It may have been moved to another store or closed.</p>
      </section>
    );
  }

  const { picked, total } = unitCounts(order);
  const open = isOpenForPicking(order);
  return (
    <section className="order-screen" data-testid="order-screen" aria-labelledby="order-title">
      {back}
      <header className="order-header">
        <div>
          <h1 id="order-title">Order {order.orderNumber}</h1>
          <p className="muted">
            {order.customerDisplayName} · {order.deliveryMethod === 'pickup' ? 'Pickup in store' : 'Ship'} · {picked}/{total} units
          </p>
        </div>
        <StatusPill status={order.status} testId="fo-status" />
      </header>
      {!open && (
        <p className="order-complete" role="status">
          {order.status === 'picked' ? 'Every line is picked.' : `This order is ${order.status}.`} Nothing left to pick.
        </p>
      )}
      {canPick ? (
        <>
          <ScanForm onScan={handleScan} />
          <ScanFeedback feedback={feedback} />
        </>
      ) : (
        <p className="note" data-testid="pick-not-permitted">
          Your role does not pick orders: this is a view only.
        </p>
      )}
      <ul className="lines">
        {order.lines.map((line) => (
          <LineRow key={line.lineId} line={line} />
        ))}
      </ul>
    </section>
  );
}

function LineRow({ line }: { line: FulfilmentOrderLine }) {
  const complete = openQuantity(line) === 0;
  return (
    <li
      className={`line-row${complete ? ' is-complete' : ''}`}
      data-testid="line-row"
      data-sku={line.sku}
      data-picked={line.picked}
      data-quantity={line.quantity}
    >
      <div className="line-text">
        <span className="line-name">{line.name}</span>
        <span className="line-codes">
          SKU {line.sku} · GTIN {line.gtin ?? '—'}
        </span>
      </div>
      <span className="line-count" aria-label={`${line.picked} of ${line.quantity} picked`}>
        {complete && <span aria-hidden="true">✓ </span>}
        {line.picked}/{line.quantity}
      </span>
    </li>
  );
}
