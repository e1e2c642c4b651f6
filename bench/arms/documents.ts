import type { Client } from 'pg';
import { checkWrites, type Check } from '../checks';
import { QUICK_MODE, log, median, round } from '../common';
import { itemId, warehouseId, type BenchShape } from '../seed';

/** Lines per benchmark document: the maximum a document may hold. */
export const DOCUMENT_LINES = 500;
const NOTES = 'bench-doc';

export interface DocumentsMeasure {
  lines: number;
  /** One document at a time: milliseconds per request (median, max). */
  draftMs: number;
  receiptPostMs: number;
  receiptPostMaxMs: number;
  /** Four receipts posted at once: movements per second over the wall time. */
  concurrentMovementsPerSecond: number;
  shipmentConfirmMs: number;
  shipmentPostMs: number;
  documents: number;
}

export interface DocumentsArmResult {
  measure: DocumentsMeasure;
  check: Check;
}

/**
 * Documents of 500 lines against the API (company 1 of the bench data): drafts, receipts posted one
 * at a time (each post is one database transaction writing 500 INBOUND movements), four receipts
 * posted at once, and shipments confirmed (500 reservations) and posted (500 OUTBOUND movements).
 * The lines spread over the seeded (warehouse, item) rows, which hold plenty of stock.
 */
export async function documentsArm(base: string, auth: Record<string, string>, db: Client, shape: BenchShape): Promise<DocumentsArmResult> {
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; ms: number; json: { id?: string } }> => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const json = (await res.json()) as { id?: string };
    const ms = performance.now() - started;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return { status: res.status, ms, json };
  };
  const lines = (doc: number, withCost: boolean) =>
    Array.from({ length: DOCUMENT_LINES }, (_, k) => {
      const n = doc * DOCUMENT_LINES + k;
      return {
        warehouseId: warehouseId(1, 1 + (n % shape.warehouses)),
        itemId: itemId(1, 1 + (Math.floor(n / shape.warehouses) % shape.items)),
        quantity: 1,
        ...(withCost ? { unitCost: (1 + (n % 7) * 0.25).toFixed(2) } : {}),
      };
    });
  const supplierId = (await call('POST', '/api/v1/suppliers', { name: 'Bench supplier' })).json.id as string;
  const customerId = (await call('POST', '/api/v1/customers', { name: 'Bench customer' })).json.id as string;
  const rounds = QUICK_MODE ? 3 : 10;
  const draft = async (doc: number) => call('POST', '/api/v1/receipts', { supplierId, reference: NOTES, lines: lines(doc, true) });

  const draftMs: number[] = [];
  const postMs: number[] = [];
  let posted = 0;
  for (let doc = 0; doc < rounds; doc++) {
    const d = await draft(doc);
    draftMs.push(d.ms);
    postMs.push((await call('POST', `/api/v1/receipts/${d.json.id}/post`)).ms);
    posted += 1;
  }
  const batch = await Promise.all(Array.from({ length: 4 }, (_, i) => draft(rounds + i)));
  const started = performance.now();
  await Promise.all(batch.map((d) => call('POST', `/api/v1/receipts/${d.json.id}/post`)));
  const concurrentSeconds = (performance.now() - started) / 1000;
  posted += batch.length;

  const confirmMs: number[] = [];
  const shipMs: number[] = [];
  for (let doc = 0; doc < rounds; doc++) {
    const d = await call('POST', '/api/v1/shipments', { customerId, reference: NOTES, lines: lines(doc, false) });
    confirmMs.push((await call('POST', `/api/v1/shipments/${d.json.id}/confirm`)).ms);
    shipMs.push((await call('POST', `/api/v1/shipments/${d.json.id}/post`)).ms);
    posted += 1;
  }
  const measure: DocumentsMeasure = {
    lines: DOCUMENT_LINES,
    draftMs: round(median(draftMs)),
    receiptPostMs: round(median(postMs)),
    receiptPostMaxMs: round(Math.max(...postMs)),
    concurrentMovementsPerSecond: round((batch.length * DOCUMENT_LINES) / concurrentSeconds),
    shipmentConfirmMs: round(median(confirmMs)),
    shipmentPostMs: round(median(shipMs)),
    documents: posted,
  };
  log(`documents of ${DOCUMENT_LINES} lines: ${JSON.stringify(measure)}`);
  const check = await checkWrites(db, `documents of ${DOCUMENT_LINES} lines`, NOTES, posted * DOCUMENT_LINES);
  check.detail += ` (${posted} documents posted)`;
  return { measure, check };
}
