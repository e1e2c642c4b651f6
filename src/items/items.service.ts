import { HttpStatus, Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { AppError, notFound } from '@app/common/errors/app-error';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import type { CreateItemDto, ItemResponse, ListItemsQuery, UpdateItemDto } from './dto/item.dto';
import { ItemsRepository } from './items.repository';

const duplicateSku = (sku: string | undefined): AppError =>
  new AppError(
    HttpStatus.CONFLICT,
    'SKU_TAKEN',
    `An item with SKU ${sku ?? ''} already exists in your company (deleted items keep their SKU)`,
  );

@Injectable()
export class ItemsService {
  constructor(private readonly repo: ItemsRepository) {}

  async get(id: string): Promise<ItemResponse> {
    const item = await this.repo.findActive(id);
    if (!item) throw notFound('Item');
    return item;
  }

  async list(query: ListItemsQuery): Promise<Page<ItemResponse>> {
    const { items, total } = await this.repo.list(query, skipOf(query), query.limit);
    return toPage(items, total, query);
  }

  async create(dto: CreateItemDto): Promise<ItemResponse> {
    const id = await this.withSkuCheck(dto.sku, () => this.repo.create(dto));
    return this.get(id);
  }

  async update(id: string, dto: UpdateItemDto): Promise<ItemResponse> {
    const found = await this.withSkuCheck(dto.sku, () => this.repo.updateActive(id, dto));
    if (!found) throw notFound('Item');
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.softDelete(id))) throw notFound('Item');
  }

  private async withSkuCheck<T>(sku: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw duplicateSku(sku);
      throw err;
    }
  }
}
