import type { FulfilmentOrder, FulfilmentOrderStatus } from '@aisle/domain';

const OPEN: readonly FulfilmentOrderStatus[] = ['assigned', 'picking'];

export function isOpenForPicking(order: Pick<FulfilmentOrder, 'status'>): boolean {
  return OPEN.includes(order.status);
}

export function unitCounts(order: Pick<FulfilmentOrder, 'lines'>): { picked: number; total: number } {
  return order.lines.reduce(
    (acc, line) => ({ picked: acc.picked + Math.min(line.picked, line.quantity), total: acc.total + line.quantity }),
    { picked: 0, total: 0 },
  );
}
