export {
  RETURN_STATUSES,
  RETURN_EVENTS,
  TERMINAL_RETURN_STATUSES,
  RETURN_TRANSITIONS,
  nextReturnStatus,
  isTerminalReturnStatus,
  deriveReturnStatus,
  type ReturnStatus,
  type ReturnEvent,
} from './lifecycle.ts';
export {
  RETURN_REASONS,
  ReturnReason,
  SELLER_FAULT_REASONS,
  isSellerAtFault,
  CONDITION_GRADES,
  ConditionGrade,
  PRODUCT_CATEGORIES,
  ProductCategory,
  DISPOSITIONS,
  Disposition,
  ReturnLine,
  Return,
  returnStatus,
} from './return.ts';
export { MAX_MINOR_AMOUNT, MinorAmount, CurrencyCode, allocateLargestRemainder, basisPointsOf } from './money.ts';
export { ReturnableOrder, ReturnableOrderLine, ReturnProduct } from './returnable-order.ts';
export {
  DispositionRule,
  DispositionRuleTable,
  DEFAULT_DISPOSITION_RULES,
  proposeDisposition,
  type DispositionProposal,
} from './disposition.ts';
export {
  ReturnPolicy,
  DEFAULT_RETURN_POLICY,
  returnWindowDays,
  returnDeadline,
  isWithinReturnWindow,
  restockingFeeBasisPoints,
} from './policy.ts';
export {
  linePayments,
  unitsShareMinor,
  unitsRefunded,
  computeLineRefund,
  type LinePayment,
  type LineRefundRequest,
  type LineRefund,
} from './refund.ts';
export {
  returnableQuantity,
  checkEligibility,
  ELIGIBILITY_REFUSALS,
  type ReturnsState,
  type ReturnLineRef,
  type EligibilityQuestion,
  type EligibilityRefusalCode,
} from './returnable.ts';
export { type ReturnStatusChangedEvent } from './return-state.ts';
export {
  RequestReturnLineCommand,
  REQUEST_RETURN_LINE_REFUSALS,
  validateRequestReturnLine,
  applyRequestReturnLine,
  type RequestReturnLineRefusalCode,
  type RequestReturnLineEvent,
} from './request-return-line.ts';
export {
  ReceiveReturnLineCommand,
  RECEIVE_RETURN_LINE_REFUSALS,
  validateReceiveReturnLine,
  applyReceiveReturnLine,
  type ReceiveReturnLineRefusalCode,
  type ReceiveReturnLineEvent,
} from './receive-return-line.ts';
export {
  CancelReturnCommand,
  CANCEL_RETURN_REFUSALS,
  validateCancelReturn,
  applyCancelReturn,
  type CancelReturnRefusalCode,
  type CancelReturnEvent,
} from './cancel-return.ts';
export {
  RefundReturnCommand,
  REFUND_RETURN_REFUSALS,
  validateRefundReturn,
  applyRefundReturn,
  type RefundReturnRefusalCode,
  type RefundReturnEvent,
} from './refund-return.ts';
export {
  ReturnCommand,
  validateReturnCommand,
  applyReturnCommand,
  type ReturnCommandRefusalCode,
  type ReturnCommandEvent,
} from './return-command.ts';
