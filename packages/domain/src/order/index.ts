export {
  ORDER_STATUSES,
  ORDER_EVENTS,
  TERMINAL_ORDER_STATUSES,
  ORDER_TRANSITIONS,
  ORDER_EVENT_FOR_FULFILMENT_EVENT,
  nextOrderStatus,
  isTerminalOrderStatus,
  type OrderStatus,
  type OrderEvent,
} from './order-lifecycle.ts';
export { deriveOrderStatus, type OrderReturnStatus, type OrderRoutingFacts } from './order-status.ts';
