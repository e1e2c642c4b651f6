import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { skipOf, toPage } from '@app/common/dto/pagination.dto';
import { InventoryPage, ListInventoryQuery, ReorderSuggestionPage, ReorderSuggestionsQuery } from './dto/inventory.dto';
import { InventoryRepository } from './inventory.repository';

@ApiTags('inventory')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryRepository) {}

  @Get()
  @Auth()
  @ApiOkResponse({ type: InventoryPage })
  async list(@Query() query: ListInventoryQuery): Promise<InventoryPage> {
    if (query.asOf) {
      const rows = await this.inventory.listAsOf(query, new Date(query.asOf), skipOf(query), query.limit + 1);
      return { items: rows.slice(0, query.limit), page: query.page, limit: query.limit, total: null, hasNext: rows.length > query.limit };
    }
    const { items, total } = await this.inventory.list(query, skipOf(query), query.limit);
    return toPage(items, total, query);
  }

  @Get('reorder-suggestions')
  @Auth()
  @ApiOkResponse({ type: ReorderSuggestionPage, description: 'Items whose available total is at or below their reorder threshold' })
  async reorderSuggestions(@Query() query: ReorderSuggestionsQuery): Promise<ReorderSuggestionPage> {
    const { items, total } = await this.inventory.reorderSuggestions(query.warehouseId, skipOf(query), query.limit);
    return toPage(items, total, query);
  }
}
