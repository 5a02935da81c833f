import type { FulfilmentOrder } from '@aisle/domain';
import type { OutboxEntry } from '../../db/schemas.ts';
import { describeRefusal } from './refusal-words.ts';

interface ExceptionsPanelProps {
  rejected: readonly OutboxEntry[];
  orders: readonly FulfilmentOrder[];
}

/** Commands the server refused. They stay on the device: each is a physical fact someone must resolve. */
export function ExceptionsPanel({ rejected, orders }: ExceptionsPanelProps) {
  if (rejected.length === 0) return null;
  return (
    <details className="exceptions" data-testid="exceptions">
      <summary>Exceptions ({rejected.length})</summary>
      <ul>
        {rejected.map((entry) => (
          <li key={entry.id} data-testid="exception-row" data-reason={entry.reason?.code ?? ''}>
            <strong>{describeCommand(entry, orders)}</strong>
            <span>{entry.reason ? describeRefusal(entry.reason) : 'Refused by the server.'}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function describeCommand(entry: OutboxEntry, orders: readonly FulfilmentOrder[]): string {
  const order = orders.find((o) => o.id === entry.fulfilmentOrderId);
  const when = new Date(entry.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const command = entry.command;
  const where = order ? `order ${order.orderNumber}` : 'an order no longer on this device';
  switch (command.type) {
    case 'pick_line': {
      const line = order?.lines.find((l) => l.lineId === command.lineId);
      const what = line ? line.name : `line ${command.lineId}`;
      return `Picked ${command.quantity} × ${what} on ${where} at ${when}`;
    }
    default:
      // The floor screens for the other commands arrive with their own wording.
      return `${command.type.replaceAll('_', ' ')} on ${where} at ${when}`;
  }
}
