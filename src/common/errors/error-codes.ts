/**
 * The catalogue of every `code` an error response can carry. AppError only accepts these (a new code
 * fails to compile until it is listed here), and the OpenAPI document publishes them as the enum of
 * `ErrorResponse.code` (see common/http/openapi.ts). docs/api.md lists them for integrators.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: [
    400,
    'A field failed validation, is unknown, is null where null is not allowed, or holds NUL / unpaired surrogates; every field is named in message',
  ],
  JSON_TOO_DEEP: [400, 'The JSON body is nested deeper than the allowed depth'],
  INVALID_ID: [400, 'A path id is not a UUID'],
  INVALID_URL: [400, 'The URL cannot be decoded (malformed percent-encoding, e.g. of a lone surrogate)'],
  INVALID_INPUT: [400, 'A value has a format the database cannot take'],
  INVALID_CURSOR: [400, 'The history cursor is not one the API issued'],
  INVALID_IDEMPOTENCY_KEY: [400, 'The Idempotency-Key header is not 1-255 visible ASCII characters'],
  INVALID_WEBHOOK_URL: [
    400,
    'The webhook URL is not a valid https URL without credentials whose host resolves to a public address (SSRF guard)',
  ],
  REFERENCE_VIOLATION: [400, 'A referenced record does not exist'],
  VALUE_TOO_LONG: [400, 'A value is too long for its column'],
  WRONG_PASSWORD: [400, 'currentPassword is not correct (password change)'],
  UNAUTHORIZED: [401, 'Wrong credentials, or a missing, expired, revoked or reused token'],
  FORBIDDEN: [403, 'The role may not do this, or a cross-origin request carried the refresh cookie'],
  NOT_FOUND: [404, 'The record does not exist in your company (or is deleted)'],
  EMAIL_TAKEN: [409, 'The user or company email is already registered'],
  SKU_TAKEN: [409, 'An item with this SKU already exists in the company (deleted items keep their SKU)'],
  DUPLICATE: [409, 'A record with these unique values already exists'],
  UNIQUE_VIOLATION: [409, 'A record with these unique values already exists (raw SQL)'],
  CHECK_VIOLATION: [409, 'The change would break a data rule'],
  SELF_LOCKOUT: [409, 'An admin cannot deactivate or demote themselves'],
  LAST_ADMIN: [409, 'The last active admin cannot be deactivated or demoted'],
  WAREHOUSE_DELETED: [409, 'The warehouse is deleted: no stock can move into or out of it'],
  ITEM_DELETED: [409, 'The item is deleted: no stock of it can move'],
  INSUFFICIENT_STOCK: [409, 'An outbound movement asks for more than is available'],
  IDEMPOTENCY_IN_PROGRESS: [409, 'A request with the same Idempotency-Key is still being processed'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'A text/csv body sent to a route other than the CSV imports (which alone accept it)'],
  IDEMPOTENCY_KEY_REUSED: [422, 'The Idempotency-Key was used before with a different request'],
  UNIT_COST_INBOUND_ONLY: [400, 'unitCost was sent with a movement other than INBOUND (outgoing stock leaves at the average cost)'],
  SAME_WAREHOUSE: [400, 'A transfer names the same warehouse as source and destination'],
  RESERVATION_NOT_ACTIVE: [409, 'The reservation is no longer ACTIVE (released, fulfilled or expired)'],
  RESERVATION_EXPIRED: [409, 'The reservation expired: its stock is no longer held'],
  COUNT_NOT_OPEN: [409, 'The stock count is not OPEN (already posted or cancelled)'],
  ALREADY_POSTED: [409, 'The document is already POSTED: its lines are in the ledger once'],
  DOCUMENT_STATUS_CONFLICT: [
    409,
    'The document status does not allow this: only a DRAFT is edited, confirmed or (receipts) posted; a shipment is posted from CONFIRMED; POSTED and CANCELLED are final',
  ],
  PARTNER_DELETED: [409, 'The supplier or customer is deleted: it keeps its history but gets no new document or posting'],
  TRANSFER_FAILED: [409, 'The transfer could not update its destination row; nothing changed'],
  BUSY: [503, 'Too many password checks (sign-ins, password changes) at once; retry after Retry-After seconds'],
  NUMERIC_OUT_OF_RANGE: [422, 'A number (e.g. accumulated stock) is out of the supported range'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];
