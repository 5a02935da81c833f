// The package face: every public name, by name (no `export *`), straight from the
// module that defines it, grouped by area.
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

// fulfilment-order
export {
  FULFILMENT_ORDER_STATUSES,
  FULFILMENT_ORDER_EVENTS,
  TERMINAL_FULFILMENT_ORDER_STATUSES,
  LATE_HANDOFF_FULFILMENT_ORDER_STATUSES,
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
export {
  FloorFulfilmentOrder,
  Package,
  PackageSpec,
  PackageLine,
  PackageDimensions,
  Shipment,
  Handoff,
  NotTakenReason,
  NOT_TAKEN_REASONS,
  HANDOFF_OUTCOMES,
  HANDOFF_VERIFICATIONS,
  MAX_PACKAGE_WEIGHT_GRAMS,
  MAX_PACKAGE_SIDE_MM,
  packedQuantity,
  isFullyPacked,
  handedOverQuantity,
  shippedPackageIds,
  isFullyShipped,
  type HandoffOutcome,
} from './fulfilment-order/floor-fulfilment-order.ts';
export {
  PickupCodeDigest,
  PickupCodeDigestHex,
  normalizePickupCode,
  pickupCodeDigestInput,
  sameDigest,
} from './fulfilment-order/pickup-code.ts';

// order
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
} from './order/order-lifecycle.ts';
export { deriveOrderStatus, type OrderReturnStatus, type OrderRoutingFacts } from './order/order-status.ts';

// commands
export type { CommandContext } from './commands/context.ts';
export {
  FloorCommand,
  validateFloorCommand,
  applyFloorCommand,
  executeFloorCommand,
  type FloorCommandType,
  type FloorCommandRefusalCode,
  type FloorCommandEvent,
  type FloorCommandOutcome,
} from './commands/command.ts';
export {
  PickLineCommand,
  PICK_LINE_REFUSALS,
  validatePickLine,
  applyPickLine,
  type PickLineRefusalCode,
  type PickLineRefusal,
  type PickLineEvent,
} from './commands/pick-line.ts';
export {
  ShortPickCommand,
  SHORT_PICK_REFUSALS,
  validateShortPick,
  applyShortPick,
  type ShortPickRefusalCode,
  type ShortPickEvent,
} from './commands/short-pick.ts';
export { PackCommand, PACK_REFUSALS, validatePack, applyPack, type PackRefusalCode, type PackEvent } from './commands/pack.ts';
export {
  StageForPickupCommand,
  STAGE_FOR_PICKUP_REFUSALS,
  MAX_BIN_LENGTH,
  validateStageForPickup,
  applyStageForPickup,
  type StageForPickupRefusalCode,
  type StageForPickupEvent,
} from './commands/stage-for-pickup.ts';
export {
  HandOffCommand,
  HAND_OFF_REFUSALS,
  validateHandOff,
  applyHandOff,
  type HandOffRefusalCode,
  type HandOffEvent,
} from './commands/hand-off.ts';
export {
  ShipCommand,
  SHIP_REFUSALS,
  validateShip,
  applyShip,
  normalizeTrackingNumber,
  isValidTrackingNumber,
  isValidCarrier,
  type ShipRefusalCode,
  type ShipEvent,
} from './commands/ship.ts';
export {
  ExpirePickupCommand,
  EXPIRE_PICKUP_REFUSALS,
  validateExpirePickup,
  applyExpirePickup,
  type ExpirePickupRefusalCode,
  type ExpirePickupEvent,
} from './commands/expire-pickup.ts';
export {
  CancelFulfilmentOrderCommand,
  CANCEL_FULFILMENT_ORDER_REFUSALS,
  validateCancelFulfilmentOrder,
  applyCancelFulfilmentOrder,
  type CancelFulfilmentOrderRefusalCode,
  type CancelFulfilmentOrderEvent,
} from './commands/cancel-fulfilment-order.ts';
export {
  RecordDeliveryCommand,
  RECORD_DELIVERY_REFUSALS,
  validateRecordDelivery,
  applyRecordDelivery,
  type RecordDeliveryRefusalCode,
} from './commands/record-delivery.ts';
export {
  SHORT_PICK_REASONS,
  RESTOCK_REASONS,
  type ShortPickReason,
  type RestockReason,
  type LineUnits,
  type FulfilmentOrderStatusChangedEvent,
  type LinePickedEvent,
  type LineShortPickedEvent,
  type RerouteRequestedEvent,
  type StockZeroRequestedEvent,
  type CountTaskRequestedEvent,
  type DamagedStockReportedEvent,
  type RestockRequestedEvent,
  type PackagePackedEvent,
  type CustomerNotificationRequestedEvent,
  type StagedForPickupEvent,
  type HandoffRecordedEvent,
  type LateHandoffRecordedEvent,
  type ShipmentDispatchedEvent,
} from './commands/events.ts';

// inventory
export {
  StockLevel,
  InboundSupply,
  ChannelBuffer,
  AppliedCount,
  emptyStockLevel,
  channelBufferFor,
} from './inventory/stock-level.ts';
export {
  availableToPromise,
  availableNow,
  networkAvailableToPromise,
  inboundUnits,
  describeAtp,
  INBOUND_TERM_REASONS,
  type AtpQuery,
  type AvailableNowQuery,
  type AtpAnswer,
  type AtpExplanation,
  type AtpBasis,
  type InboundTerm,
  type InboundTermReason,
  type NetworkAtpAnswer,
} from './inventory/atp.ts';
export {
  InventoryState,
  Reservation,
  ReservationKind,
  RESERVATION_KINDS,
  ClosedReservation,
  RESERVATION_OUTCOMES,
  InboundTransfer,
  TransferLine,
  TRANSFER_STATUSES,
  emptyInventory,
  findStockLevel,
  stockLevelOrEmpty,
  withStockLevel,
  checkInventoryInvariants,
  type InventoryChange,
  type ReservationOutcome,
} from './inventory/inventory-state.ts';
export {
  reserve,
  release,
  consume,
  convertHold,
  expireHolds,
  ReserveInput,
  ReleaseInput,
  ConsumeInput,
  ConvertHoldInput,
  RESERVATION_REFUSALS,
  type ReservationRefusal,
  type ReservationRefusalCode,
  type ReservationResult,
} from './inventory/reservations.ts';
export { restockReturnedUnits, RestockInput } from './inventory/restock.ts';
export {
  expectTransfer,
  transferReceipt,
  ExpectTransferInput,
  EXPECT_TRANSFER_REFUSALS,
  type ExpectTransferRefusalCode,
  type TransferReceipt,
} from './inventory/transfers.ts';
export {
  RECOUNT_REASONS,
  type InventoryEvent,
  type ReservationEvent,
  type StockShortageEvent,
  type RecountRequestedEvent,
  type RecountReason,
  type StockCountedEvent,
  type CountSupersededEvent,
  type StockAdjustedEvent,
  type StockRestockedEvent,
  type TransferExpectedEvent,
  type TransferReceivedEvent,
  type TransferReceiptLine,
} from './inventory/events.ts';
export {
  CycleCountCommand,
  CYCLE_COUNT_REFUSALS,
  MAX_COUNTED_UNITS,
  validateCycleCount,
  applyCycleCount,
  type CycleCountEvent,
  type CycleCountRefusal,
  type CycleCountRefusalCode,
} from './inventory/commands/cycle-count.ts';
export {
  AdjustStockCommand,
  ADJUST_STOCK_REFUSALS,
  ADJUSTMENT_REASONS,
  ADJUSTMENT_DIRECTION,
  validateAdjustStock,
  applyAdjustStock,
  type AdjustmentReason,
  type AdjustStockEvent,
  type AdjustStockRefusal,
  type AdjustStockRefusalCode,
} from './inventory/commands/adjust-stock.ts';
export {
  ReceiveTransferCommand,
  RECEIVE_TRANSFER_REFUSALS,
  validateReceiveTransfer,
  applyReceiveTransfer,
  type ReceiveTransferEvent,
  type ReceiveTransferRefusal,
  type ReceiveTransferRefusalCode,
} from './inventory/commands/receive-transfer.ts';
export {
  StockCommand,
  validateStockCommand,
  applyStockCommand,
  type StockCommandType,
  type StockCommandRefusalCode,
  type StockCommandEvent,
} from './inventory/commands/stock-command.ts';

// routing
export { routeOrder } from './routing/route-order.ts';
export {
  RoutingPolicy,
  ROUTING_POLICY_VERSION,
  SUPPORTED_ROUTING_POLICY_VERSIONS,
  ROUTING_POLICY_REFUSALS,
  CUTOFF_MODES,
  parseRoutingPolicy,
  MinorUnits,
  GeoPoint,
  DistanceZone,
  type RoutingPolicyRefusal,
  type RoutingPolicyRefusalCode,
} from './routing/policy.ts';
export {
  RouteOrderInput,
  RoutingOrder,
  RoutingOrderLine,
  RoutingAddress,
  RoutingLocation,
  RoutingContext,
  LocationAvailability,
  CarrierCutoff,
  LOCATION_KINDS,
  LOCATION_CAPABILITIES,
  type LocationCapability,
} from './routing/input.ts';
export {
  RoutingDecision,
  FilterStep,
  CostBreakdown,
  CandidateScore,
  PlannedShipment,
  PlannedPickup,
  PlannedLine,
  PickupIssue,
  PickupAlternatives,
  Backorder,
  UnfillableLine,
  ROUTING_FILTERS,
  REMOVAL_REASONS,
  SHORTFALL_REASONS,
  PICKUP_ISSUE_REASONS,
  GEO_SOURCES,
  ROUTING_OUTCOMES,
  type RoutingFilter,
  type RemovalReason,
  type ShortfallReason,
  type PickupIssueReason,
  type GeoSource,
} from './routing/decision.ts';
export { haversineKm, zoneCostMinor } from './routing/geo.ts';

// returns
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
} from './returns/lifecycle.ts';
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
} from './returns/return.ts';
export { MAX_MINOR_AMOUNT, MinorAmount, CurrencyCode, allocateLargestRemainder, basisPointsOf } from './returns/money.ts';
export { ReturnableOrder, ReturnableOrderLine, ReturnProduct } from './returns/returnable-order.ts';
export {
  DispositionRule,
  DispositionRuleTable,
  DEFAULT_DISPOSITION_RULES,
  proposeDisposition,
  type DispositionProposal,
} from './returns/disposition.ts';
export {
  ReturnPolicy,
  DEFAULT_RETURN_POLICY,
  returnWindowDays,
  returnDeadline,
  isWithinReturnWindow,
  restockingFeeBasisPoints,
} from './returns/policy.ts';
export {
  linePayments,
  unitsShareMinor,
  unitsRefunded,
  computeLineRefund,
  type LinePayment,
  type LineRefundRequest,
  type LineRefund,
} from './returns/refund.ts';
export {
  returnableQuantity,
  checkEligibility,
  ELIGIBILITY_REFUSALS,
  type ReturnsState,
  type ReturnLineRef,
  type EligibilityQuestion,
  type EligibilityRefusalCode,
} from './returns/returnable.ts';
export { type ReturnStatusChangedEvent } from './returns/return-state.ts';
export {
  RequestReturnLineCommand,
  REQUEST_RETURN_LINE_REFUSALS,
  validateRequestReturnLine,
  applyRequestReturnLine,
  type RequestReturnLineRefusalCode,
  type RequestReturnLineEvent,
} from './returns/request-return-line.ts';
export {
  ReceiveReturnLineCommand,
  RECEIVE_RETURN_LINE_REFUSALS,
  validateReceiveReturnLine,
  applyReceiveReturnLine,
  type ReceiveReturnLineRefusalCode,
  type ReceiveReturnLineEvent,
} from './returns/receive-return-line.ts';
export {
  CancelReturnCommand,
  CANCEL_RETURN_REFUSALS,
  validateCancelReturn,
  applyCancelReturn,
  type CancelReturnRefusalCode,
  type CancelReturnEvent,
} from './returns/cancel-return.ts';
export {
  RefundReturnCommand,
  REFUND_RETURN_REFUSALS,
  validateRefundReturn,
  applyRefundReturn,
  type RefundReturnRefusalCode,
  type RefundReturnEvent,
} from './returns/refund-return.ts';
export {
  ReturnCommand,
  validateReturnCommand,
  applyReturnCommand,
  type ReturnCommandRefusalCode,
  type ReturnCommandEvent,
} from './returns/return-command.ts';

// barcode
export { type BarcodeError } from './barcode/barcode-error.ts';
export {
  Gtin,
  gtinCheckDigit,
  hasValidGs1CheckDigit,
  isValidGtin,
  normalizeGtin,
  sameGtin,
  parseGtin,
  type GtinFormat,
  type GtinErrorCode,
  type GtinError,
} from './barcode/gtin.ts';
export { expandUpcE, compressUpcA, isValidUpcE, type UpcEErrorCode, type UpcEError } from './barcode/upc-e.ts';
export {
  GS1_APPLICATION_IDENTIFIERS,
  gs1AiDefinition,
  type Gs1AiDefinition,
  type Gs1ElementKind,
  type Gs1DateKind,
  type TradeMeasureQuantity,
  type TradeMeasureUnit,
} from './barcode/gs1-application-identifiers.ts';
export {
  GS as GS1_SEPARATOR,
  GS1_ERROR_CODES,
  parseGs1ElementString,
  formatGs1Bracketed,
  formatGs1Raw,
  type Gs1Symbology,
  type Gs1ErrorCode,
  type Gs1Error,
  type Gs1Decimal,
  type Gs1Element,
  type Gs1Fields,
  type Gs1ElementString,
  type Gs1ParseOptions,
} from './barcode/gs1-element-string.ts';
export {
  LabelPayload,
  LABEL_ERROR_CODES,
  formatOrderLabel,
  parseOrderLabel,
  formatToteLabel,
  parseToteLabel,
  type LabelErrorCode,
  type LabelError,
} from './barcode/aisle-labels.ts';
export {
  PickupCode,
  PICKUP_CODE_ALPHABET,
  PICKUP_CODE_LENGTH,
  PICKUP_CODE_SPACE,
  isValidPickupCode,
  pickupCodeFromNumber,
  parsePickupCode,
  formatPickupCode,
  formatPickupLabel,
} from './barcode/pickup-code.ts';
export { cleanScanText } from './barcode/scan-text.ts';
export {
  classifyScan,
  type ClassifyScanOptions,
  type ScanClassification,
  type ScanKind,
  type ScanError,
  type ScanErrorCode,
  type GtinScannedAs,
} from './barcode/classify-scan.ts';
