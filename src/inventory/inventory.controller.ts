import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { Auth } from '@app/common/decorators/auth.decorators';
import { Page, skipOf, toPage, ApiPageResponse } from '@app/common/dto/pagination.dto';
import { parseSort } from '@app/common/dto/sort';
import { INVENTORY_DEFAULT_SORT, INVENTORY_SORT_FIELDS, InventoryEntry, ListInventoryQuery } from './dto/inventory.dto';
import { InventoryRepository } from './inventory.repository';

@ApiTags('inventory')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryRepository) {}

  @Get()
  @ReadsFromReplica()
  @Auth()
  @ApiOperation({ summary: 'List stock per warehouse and item' })
  @ApiPageResponse(InventoryEntry)
  async list(@Query() query: ListInventoryQuery): Promise<Page<InventoryEntry>> {
    const { items, total } = await this.inventory.list(
      query,
      skipOf(query),
      query.limit,
      parseSort(query.sort, INVENTORY_SORT_FIELDS, INVENTORY_DEFAULT_SORT),
    );
    return toPage(items, total, query);
  }
}
