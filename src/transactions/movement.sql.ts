import { INBOUND_SQL } from './sql/inbound.sql';
import { INBOUND_IDEMPOTENT_SQL } from './sql/inbound-idempotent.sql';
import { OUTBOUND_SQL } from './sql/outbound.sql';
import { OUTBOUND_IDEMPOTENT_SQL } from './sql/outbound-idempotent.sql';

/**
 * The SQL of one stock movement, one complete statement per variant, each readable whole in
 * `./sql/*.sql.ts` (no fragments, no rewriting at load time). Each variant is ONE statement, so the
 * inventory row lock is taken and released inside PostgreSQL with no application round trip in
 * between: the conditional update (quantity >= n) or the upsert locks the row, the ledger insert
 * follows in the same statement, and the implicit commit releases it. Every parameter carries an
 * explicit type, so PostgreSQL never has to guess one.
 */
export const MOVEMENT_SQL = {
  INBOUND: INBOUND_SQL,
  OUTBOUND: OUTBOUND_SQL,
  INBOUND_IDEMPOTENT: INBOUND_IDEMPOTENT_SQL,
  OUTBOUND_IDEMPOTENT: OUTBOUND_IDEMPOTENT_SQL,
} as const;

export type MovementVariant = keyof typeof MOVEMENT_SQL;
