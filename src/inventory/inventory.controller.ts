import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ApiPageResponse, Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import { InventoryEntry, ListInventoryQuery } from './dto/inventory.dto';
import { InventoryRepository } from './inventory.repository';

@ApiTags('inventory')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryRepository) {}

  @Get()
  @Auth()
  @ApiOperation({ summary: 'List stock per warehouse and item' })
  @ApiPageResponse(InventoryEntry)
  async list(@Query() query: ListInventoryQuery): Promise<Page<InventoryEntry>> {
    const { items, total } = await this.inventory.list(query, skipOf(query), query.limit);
    return toPage(items, total, query);
  }
}
