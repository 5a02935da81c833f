export {
  TenantId,
  LocationId,
  OrderId,
  FulfilmentOrderId,
  LineId,
  DeviceId,
  Sku,
  CommandId,
  ChannelId,
  ReservationId,
  PackageId,
  ShipmentId,
  ReturnId,
  ReturnLineId,
  TransferId,
  RoutingPolicyId,
} from './ids.ts';
export { Quantity, MAX_LINE_QUANTITY, isQuantity } from './quantity.ts';
export { ok, err, type Result, type Refusal } from './result.ts';
export { Gtin, gtinCheckDigit, isValidGtin, normalizeGtin, sameGtin } from './barcode/gtin.ts';
export {
  FULFILMENT_ORDER_STATUSES,
  FULFILMENT_ORDER_EVENTS,
  TERMINAL_FULFILMENT_ORDER_STATUSES,
  FULFILMENT_ORDER_TRANSITIONS,
  nextFulfilmentOrderStatus,
  isTerminalFulfilmentOrderStatus,
  type FulfilmentOrderStatus,
  type FulfilmentOrderEvent,
} from './fulfilment-order/lifecycle.ts';
export {
  FulfilmentOrder,
  FulfilmentOrderLine,
  DeliveryMethod,
  DELIVERY_METHODS,
  openQuantity,
  isFullyPicked,
  customerDisplayName,
} from './fulfilment-order/fulfilment-order.ts';
export { deriveOrderStatus, type OrderStatus } from './order/order-status.ts';
export type { CommandContext } from './commands/context.ts';
export {
  PickLineCommand,
  PICK_LINE_REFUSALS,
  validatePickLine,
  applyPickLine,
  type PickLineRefusalCode,
  type PickLineEvent,
} from './commands/pick-line.ts';
export {
  FloorCommand,
  validateFloorCommand,
  applyFloorCommand,
  type FloorCommandType,
  type FloorCommandRefusalCode,
  type FloorCommandEvent,
} from './commands/command.ts';
