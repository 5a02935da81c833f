export type { CommandContext } from './context.ts';
export {
  FloorCommand,
  validateFloorCommand,
  applyFloorCommand,
  executeFloorCommand,
  type FloorCommandType,
  type FloorCommandRefusalCode,
  type FloorCommandEvent,
  type FloorCommandOutcome,
} from './command.ts';
export {
  PickLineCommand,
  PICK_LINE_REFUSALS,
  validatePickLine,
  applyPickLine,
  type PickLineRefusalCode,
  type PickLineRefusal,
  type PickLineEvent,
} from './pick-line.ts';
export {
  ShortPickCommand,
  SHORT_PICK_REFUSALS,
  validateShortPick,
  applyShortPick,
  type ShortPickRefusalCode,
  type ShortPickEvent,
} from './short-pick.ts';
export { PackCommand, PACK_REFUSALS, validatePack, applyPack, type PackRefusalCode, type PackEvent } from './pack.ts';
export {
  StageForPickupCommand,
  STAGE_FOR_PICKUP_REFUSALS,
  MAX_BIN_LENGTH,
  validateStageForPickup,
  applyStageForPickup,
  type StageForPickupRefusalCode,
  type StageForPickupEvent,
} from './stage-for-pickup.ts';
export {
  HandOffCommand,
  HAND_OFF_REFUSALS,
  validateHandOff,
  applyHandOff,
  type HandOffRefusalCode,
  type HandOffEvent,
} from './hand-off.ts';
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
} from './ship.ts';
export {
  ExpirePickupCommand,
  EXPIRE_PICKUP_REFUSALS,
  validateExpirePickup,
  applyExpirePickup,
  type ExpirePickupRefusalCode,
  type ExpirePickupEvent,
} from './expire-pickup.ts';
export {
  CancelFulfilmentOrderCommand,
  CANCEL_FULFILMENT_ORDER_REFUSALS,
  validateCancelFulfilmentOrder,
  applyCancelFulfilmentOrder,
  type CancelFulfilmentOrderRefusalCode,
  type CancelFulfilmentOrderEvent,
} from './cancel-fulfilment-order.ts';
export {
  RecordDeliveryCommand,
  RECORD_DELIVERY_REFUSALS,
  validateRecordDelivery,
  applyRecordDelivery,
  type RecordDeliveryRefusalCode,
} from './record-delivery.ts';
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
} from './events.ts';
