import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { TenantSql } from '@app/database/tenant-sql';
import { likePattern } from '@app/common/sql/like';
import type { CreatePartnerDto, PartnerKind, PartnerResponse, UpdatePartnerDto } from './dto/partner.dto';

/** The table of each kind: a constant, never input. */
const TABLE: Record<PartnerKind, Prisma.Sql> = { supplier: Prisma.raw('suppliers'), customer: Prisma.raw('customers') };

const COLUMNS = Prisma.sql`
  p.id::text AS id, p.name, p.email, p.phone, p.address, p.tax_id AS "taxId", p.notes,
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

/** Suppliers and customers (same columns, two tables), through the door: `company` is bound by TenantSql. */
@Injectable()
export class PartnersRepository {
  constructor(private readonly sql: TenantSql) {}

  async findActive(kind: PartnerKind, id: string): Promise<PartnerResponse | undefined> {
    return this.sql.one<PartnerResponse>(
      (company) => Prisma.sql`
      SELECT ${COLUMNS} FROM ${TABLE[kind]} p WHERE p.company_id = ${company} AND p.id = ${id}::uuid AND p.deleted_at IS NULL`,
    );
  }

  async list(
    kind: PartnerKind,
    search: string | undefined,
    skip: number,
    take: number,
  ): Promise<{ items: PartnerResponse[]; total: number }> {
    const where = (company: Prisma.Sql): Prisma.Sql => {
      const conditions = [Prisma.sql`p.company_id = ${company}`, Prisma.sql`p.deleted_at IS NULL`];
      if (search) {
        const pattern = likePattern(search);
        conditions.push(Prisma.sql`(p.name ILIKE ${pattern} OR p.email ILIKE ${pattern} OR p.tax_id ILIKE ${pattern})`);
      }
      return Prisma.join(conditions, ' AND ');
    };
    const [items, counted] = await Promise.all([
      this.sql.rows<PartnerResponse>(
        (company) => Prisma.sql`
        SELECT ${COLUMNS} FROM ${TABLE[kind]} p WHERE ${where(company)}
         ORDER BY lower(p.name), p.id LIMIT ${take} OFFSET ${skip}`,
      ),
      this.sql.rows<{ n: number }>((company) => Prisma.sql`SELECT count(*)::int AS n FROM ${TABLE[kind]} p WHERE ${where(company)}`),
    ]);
    return { items, total: counted[0]?.n ?? 0 };
  }

  async create(kind: PartnerKind, dto: CreatePartnerDto): Promise<PartnerResponse> {
    const [row] = await this.sql.rows<PartnerResponse>(
      (company) => Prisma.sql`
      WITH p AS (
        INSERT INTO ${TABLE[kind]} (company_id, name, email, phone, address, tax_id, notes)
        VALUES (${company}, ${dto.name}, ${dto.email ?? null}, ${dto.phone ?? null}, ${dto.address ?? null}, ${dto.taxId ?? null}, ${dto.notes ?? null})
        RETURNING *)
      SELECT ${COLUMNS} FROM p`,
    );
    return row;
  }

  /** Changes only the fields present in `dto`; false when there is no such active partner. */
  async updateActive(kind: PartnerKind, id: string, dto: UpdatePartnerDto): Promise<boolean> {
    const columns: Array<[keyof UpdatePartnerDto, string]> = [
      ['name', 'name'],
      ['email', 'email'],
      ['phone', 'phone'],
      ['address', 'address'],
      ['taxId', 'tax_id'],
      ['notes', 'notes'],
    ];
    const sets = columns
      .filter(([field]) => dto[field] !== undefined)
      .map(([field, column]) => Prisma.sql`${Prisma.raw(column)} = ${dto[field]}`);
    sets.push(Prisma.sql`updated_at = now()`);
    const rows = await this.sql.rows<{ id: string }>(
      (company) => Prisma.sql`
      UPDATE ${TABLE[kind]} SET ${Prisma.join(sets, ', ')}
       WHERE company_id = ${company} AND id = ${id}::uuid AND deleted_at IS NULL
      RETURNING id::text AS id`,
    );
    return rows.length === 1;
  }

  async softDelete(kind: PartnerKind, id: string): Promise<boolean> {
    const rows = await this.sql.rows<{ id: string }>(
      (company) => Prisma.sql`
      UPDATE ${TABLE[kind]} SET deleted_at = now(), updated_at = now()
       WHERE company_id = ${company} AND id = ${id}::uuid AND deleted_at IS NULL
      RETURNING id::text AS id`,
    );
    return rows.length === 1;
  }
}
