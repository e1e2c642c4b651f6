import { HttpStatus, Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { AppError, notFound } from '@app/common/errors/app-error';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import { parseSort } from '@app/common/dto/sort';
import {
  ITEM_SORT_FIELDS,
  type CategoryList,
  type CreateItemDto,
  type ItemResponse,
  type ListItemsQuery,
  type UpdateItemDto,
} from './dto/item.dto';
import { ItemsRepository } from './items.repository';

const duplicateSku = (sku: string | undefined): AppError =>
  new AppError(
    HttpStatus.CONFLICT,
    'SKU_TAKEN',
    `An item with SKU ${sku ?? ''} already exists in your company (SKUs are compared ignoring case; deleted items keep theirs)`,
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
    const { items, total } = await this.repo.list(query, parseSort(query.sort, ITEM_SORT_FIELDS), skipOf(query), query.limit);
    return toPage(items, total, query);
  }

  async categories(): Promise<CategoryList> {
    return { items: await this.repo.categories() };
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
