import type { Client } from 'pg';

/** Correctness after the write arms, read from the database. */
export interface Check {
  arm: string;
  ok: boolean;
  detail: string;
}

export async function ledgerRows(db: Client, notes: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM transactions WHERE notes = $1', [notes]);
  return Number(rows[0]?.n ?? 0);
}

/** After a write arm: 2xx count equals new ledger rows, ledger equals inventory, nothing negative. */
export async function checkWrites(db: Client, arm: string, notes: string, accepted: number): Promise<Check> {
  const rows = await ledgerRows(db, notes);
  const drift = Number(
    (
      await db.query<{ n: string }>(`
      SELECT count(*) AS n FROM inventory inv
       LEFT JOIN LATERAL (SELECT sum(CASE WHEN type IN ('INBOUND', 'TRANSFER_IN', 'ADJUSTMENT') THEN quantity ELSE -quantity END) AS total, max(sequence) AS seq, count(*) AS movements
                            FROM transactions t WHERE t.warehouse_id = inv.warehouse_id AND t.item_id = inv.item_id) l ON true
       WHERE inv.quantity <> coalesce(l.total, 0) OR inv.quantity < 0 OR inv.last_sequence <> coalesce(l.seq, 0) OR inv.last_sequence <> l.movements`)
    ).rows[0]?.n ?? NaN,
  );
  const ok = rows === accepted && drift === 0;
  return { arm, ok, detail: `${accepted} accepted, ${rows} new ledger rows, ${drift} inventory rows off their ledger` };
}

/** After the reservations arm: one reservation per 2xx, and every reserved counter equals its ACTIVE reservations. */
export async function checkReservations(db: Client, arm: string, reference: string, accepted: number): Promise<Check> {
  const made = Number(
    (await db.query<{ n: string }>('SELECT count(*) AS n FROM reservations WHERE reference = $1', [reference])).rows[0]?.n ?? NaN,
  );
  const off = Number(
    (
      await db.query<{ n: string }>(`
      SELECT count(*) AS n FROM inventory inv
       LEFT JOIN (SELECT warehouse_id, item_id, sum(quantity) AS total FROM reservations WHERE status = 'ACTIVE' GROUP BY 1, 2) r
         ON r.warehouse_id = inv.warehouse_id AND r.item_id = inv.item_id
       WHERE inv.reserved <> coalesce(r.total, 0) OR inv.reserved > inv.quantity`)
    ).rows[0]?.n ?? NaN,
  );
  return { arm, ok: made === accepted && off === 0, detail: `${accepted} accepted, ${made} reservations, ${off} reserved counters off` };
}
