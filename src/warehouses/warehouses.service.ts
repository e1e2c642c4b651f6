import { Injectable } from '@nestjs/common';
import { notFound } from '@app/common/errors/app-error';
import { compareDecimal } from '@app/common/dto/decimal';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import { parseSort } from '@app/common/dto/sort';
import { InventoryRepository } from '@app/inventory/inventory.repository';
import {
  EMBEDDED_INVENTORY_LIMIT,
  WAREHOUSE_SORT_FIELDS,
  type CreateWarehouseDto,
  type ListWarehousesQuery,
  type UpdateWarehouseDto,
  type WarehouseDetailResponse,
  type WarehouseResponse,
} from './dto/warehouse.dto';
import { UTILIZATION_WARNING, WarehousesRepository } from './warehouses.repository';

@Injectable()
export class WarehousesService {
  constructor(
    private readonly repo: WarehousesRepository,
    private readonly inventory: InventoryRepository,
  ) {}

  async get(id: string): Promise<WarehouseResponse> {
    const row = await this.repo.findActive(id);
    if (!row) throw notFound('Warehouse');
    return toResponse(row);
  }

  /** The warehouse, with its first stock rows when asked (`include=inventory`). */
  async getDetail(id: string, include: 'inventory' | undefined): Promise<WarehouseDetailResponse> {
    const warehouse = await this.get(id);
    if (include !== 'inventory') return warehouse;
    const { items, total } = await this.inventory.list({ warehouseId: id }, 0, EMBEDDED_INVENTORY_LIMIT);
    return {
      ...warehouse,
      inventory: { items, total, hasNext: total > items.length, link: `/api/v1/inventory?warehouseId=${id}` },
    };
  }

  async list(query: ListWarehousesQuery): Promise<Page<WarehouseResponse>> {
    const sort = parseSort(query.sort, WAREHOUSE_SORT_FIELDS);
    const { items, total } = await this.repo.list(query.search, sort, skipOf(query), query.limit);
    return toPage(items.map(toResponse), total, query);
  }

  async create(dto: CreateWarehouseDto): Promise<WarehouseResponse> {
    return this.get(await this.repo.create(dto));
  }

  async update(id: string, dto: UpdateWarehouseDto): Promise<WarehouseResponse> {
    if (!(await this.repo.updateActive(id, dto))) throw notFound('Warehouse');
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.softDelete(id))) throw notFound('Warehouse');
  }
}

function toResponse(row: Omit<WarehouseResponse, 'capacityWarning'>): WarehouseResponse {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    capacity: row.capacity,
    currentUtilization: row.currentUtilization,
    capacityWarning: compareDecimal(row.currentUtilization, String(UTILIZATION_WARNING)) > 0,
    itemCount: row.itemCount,
    totalQuantity: row.totalQuantity,
    value: row.value,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
