import { Injectable } from '@nestjs/common';
import { notFound } from '@app/common/errors/app-error';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import type { CreatePartnerDto, ListPartnersQuery, PartnerKind, PartnerResponse, UpdatePartnerDto } from './dto/partner.dto';
import { PartnersRepository } from './partners.repository';

const NAME: Record<PartnerKind, string> = { supplier: 'Supplier', customer: 'Customer' };

/**
 * Suppliers and customers: plain CRUD with a soft delete. A deleted partner disappears from reads
 * and lists, keeps its documents and ledger history, and can get no new document (documents service).
 */
@Injectable()
export class PartnersService {
  constructor(private readonly repo: PartnersRepository) {}

  async get(kind: PartnerKind, id: string): Promise<PartnerResponse> {
    const found = await this.repo.findActive(kind, id);
    if (!found) throw notFound(NAME[kind]);
    return found;
  }

  async list(kind: PartnerKind, query: ListPartnersQuery): Promise<Page<PartnerResponse>> {
    const { items, total } = await this.repo.list(kind, query.search || undefined, skipOf(query), query.limit);
    return toPage(items, total, query);
  }

  create(kind: PartnerKind, dto: CreatePartnerDto): Promise<PartnerResponse> {
    return this.repo.create(kind, dto);
  }

  async update(kind: PartnerKind, id: string, dto: UpdatePartnerDto): Promise<PartnerResponse> {
    if (!(await this.repo.updateActive(kind, id, dto))) throw notFound(NAME[kind]);
    return this.get(kind, id);
  }

  async remove(kind: PartnerKind, id: string): Promise<void> {
    if (!(await this.repo.softDelete(kind, id))) throw notFound(NAME[kind]);
  }
}
