import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError } from '@app/common/errors/app-error';
import { StockTransactions, type StockTx } from '@app/ledger/stock-transactions';
import {
  DocumentsRepository,
  type DocumentKind,
  type LineInput,
  type LineTargetProblem,
  type LockedDocument,
} from './documents.repository';

const WHAT: Record<DocumentKind, string> = { RECEIPT: 'receipt', SHIPMENT: 'shipment' };
const PARTNER: Record<DocumentKind, string> = { RECEIPT: 'Supplier', SHIPMENT: 'Customer' };
const LISTED = 10;

export const documentNotFound = (kind: DocumentKind): AppError =>
  new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${kind === 'RECEIPT' ? 'Receipt' : 'Shipment'} not found`);

export const alreadyPosted = (kind: DocumentKind): AppError =>
  new AppError(HttpStatus.CONFLICT, 'ALREADY_POSTED', `The ${WHAT[kind]} is already POSTED: its lines are in the ledger once`);

export const statusConflict = (kind: DocumentKind, status: string, action: string): AppError =>
  new AppError(HttpStatus.CONFLICT, 'DOCUMENT_STATUS_CONFLICT', `The ${WHAT[kind]} is ${status}: it cannot be ${action}`);

export const partnerDeleted = (kind: DocumentKind): AppError =>
  new AppError(
    HttpStatus.CONFLICT,
    'PARTNER_DELETED',
    `The ${PARTNER[kind].toLowerCase()} is deleted: it keeps its history but gets no new ${WHAT[kind]} or posting`,
  );

const listed = (parts: string[]): string =>
  parts.length > LISTED ? `${parts.slice(0, LISTED).join('; ')}; and ${parts.length - LISTED} more` : parts.join('; ');

/** 404 naming every line whose warehouse or item is not in the company; else 409 for deleted ones. */
export function lineTargetError(problems: LineTargetProblem[]): AppError {
  const missing: string[] = [];
  const deleted: string[] = [];
  for (const p of problems) {
    if (p.warehouse === 'missing') missing.push(`lines[${p.line}].warehouseId: Warehouse not found`);
    if (p.item === 'missing') missing.push(`lines[${p.line}].itemId: Item not found`);
    if (p.warehouse === 'deleted') deleted.push(`lines[${p.line}].warehouseId: the warehouse is deleted`);
    if (p.item === 'deleted') deleted.push(`lines[${p.line}].itemId: the item is deleted`);
  }
  if (missing.length > 0) return new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', listed(missing));
  const code = problems.some((p) => p.warehouse === 'deleted') ? 'WAREHOUSE_DELETED' : 'ITEM_DELETED';
  return new AppError(HttpStatus.CONFLICT, code, `No stock can move: ${listed(deleted)}`);
}

export interface DraftInput {
  partnerId?: string;
  reference?: string | null;
  notes?: string | null;
  lines?: LineInput[];
}

/**
 * What receipts and shipments share: creating and editing a DRAFT (partner active, every line's
 * warehouse and item active in the company, named by line), locking a document of a kind, and the
 * line check before posting.
 */
@Injectable()
export class DocumentDrafts {
  constructor(
    private readonly stock: StockTransactions,
    private readonly repo: DocumentsRepository,
  ) {}

  async create<T>(kind: DocumentKind, input: Required<Pick<DraftInput, 'partnerId' | 'lines'>> & DraftInput): Promise<T> {
    const result = await this.stock.run(undefined, HttpStatus.CREATED, async (tx) => {
      await this.checkPartner(tx, kind, input.partnerId);
      await this.checkTargets(tx, input.lines);
      const id = await this.repo.insert(tx, kind, input.partnerId, input.reference ?? null, input.notes ?? null);
      await this.repo.replaceLines(tx, id, input.lines);
      return this.repo.body<T>(tx, kind, id);
    });
    return result.body;
  }

  async update<T>(kind: DocumentKind, id: string, input: DraftInput): Promise<T> {
    const result = await this.stock.run(undefined, HttpStatus.OK, async (tx) => {
      const doc = await this.lock(tx, kind, id);
      if (doc.status !== 'DRAFT') throw statusConflict(kind, doc.status, 'edited (only a DRAFT is)');
      if (input.partnerId !== undefined) await this.checkPartner(tx, kind, input.partnerId);
      if (input.lines !== undefined) {
        await this.checkTargets(tx, input.lines);
        await this.repo.replaceLines(tx, id, input.lines);
      }
      await this.repo.updateHeader(tx, kind, id, input);
      return this.repo.body<T>(tx, kind, id);
    });
    return result.body;
  }

  /** Locks the document (first in the lock order); 404 when it is not one of this kind in the company. */
  async lock(tx: StockTx, kind: DocumentKind, id: string): Promise<LockedDocument> {
    const doc = await this.repo.lock(tx, kind, id);
    if (!doc) throw documentNotFound(kind);
    return doc;
  }

  async checkTargets(tx: StockTx, lines: Array<{ warehouseId: string; itemId: string }>): Promise<void> {
    const problems = await this.repo.lineTargetProblems(tx, lines);
    if (problems.length > 0) throw lineTargetError(problems);
  }

  private async checkPartner(tx: StockTx, kind: DocumentKind, partnerId: string): Promise<void> {
    const state = await this.repo.lockPartner(tx, kind, partnerId);
    if (state === 'missing') throw new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${PARTNER[kind]} not found`);
    if (state === 'deleted') throw partnerDeleted(kind);
  }
}
