export { PROTOCOL_VERSION, MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_HEADER } from './version.ts';
export { API_ERROR_CODES, ApiError, type ApiErrorCode } from './errors.ts';
export { EnrolRequest, EnrolResponse } from './enrol.ts';
export {
  PullCheckpoint,
  PullRequest,
  PullResponse,
  FulfilmentOrderDoc,
  PULL_MAX_BATCH,
  REPLICA_COLLECTIONS,
  StockLevelDoc,
  ProductDoc,
  LocationDoc,
  ReturnDoc,
  CommandResultDoc,
  AnyPullResponse,
  type ReplicaCollection,
} from './pull.ts';
export { CommandEnvelope, DeviceCommand, PushRequest, PushResponse, CommandResult, PUSH_MAX_BATCH } from './push.ts';
export { RequestReturnRequest, ReturnView, ReturnListResponse, RETURN_REQUEST_ERROR_CODES } from './returns.ts';
export { CaptureOrderRequest, CaptureOrderLine, CancelOrderRequest, Address, OrderView, SHORTFALL_KINDS, IDEMPOTENCY_HEADER } from './orders.ts';
export { StockSnapshotRequest, StockDeltasRequest, InboundSupplyRequest, CartHoldRequest, STOCK_DELTA_REASONS } from './inventory.ts';
export { ASSOCIATE_ROLES, AssociateRole, SESSION_HEADER, Pin, SignInRequest, SignInResponse, CreateAssociateRequest, IssueEnrolmentCodeRequest, IssueChannelKeyRequest } from './auth.ts';
