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
       LEFT JOIN LATERAL (SELECT sum(CASE type WHEN 'INBOUND' THEN quantity ELSE -quantity END) AS total, max(sequence) AS seq, count(*) AS movements
                            FROM transactions t WHERE t.warehouse_id = inv.warehouse_id AND t.item_id = inv.item_id) l ON true
       WHERE inv.quantity <> coalesce(l.total, 0) OR inv.quantity < 0 OR inv.last_sequence <> coalesce(l.seq, 0) OR inv.last_sequence <> l.movements`)
    ).rows[0]?.n ?? NaN,
  );
  const ok = rows === accepted && drift === 0;
  return { arm, ok, detail: `${accepted} accepted, ${rows} new ledger rows, ${drift} inventory rows off their ledger` };
}
