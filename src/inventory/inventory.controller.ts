import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags, ApiOperation, ApiOkResponse } from '@nestjs/swagger';
import { badRequest } from '@app/common/errors/app-error';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { Auth } from '@app/common/decorators/auth.decorators';
import { skipOf, toPage } from '@app/common/dto/pagination.dto';
import { parseSort } from '@app/common/dto/sort';
import {
  INVENTORY_DEFAULT_SORT,
  INVENTORY_SORT_FIELDS,
  InventoryPage,
  ListInventoryQuery,
  ReorderSuggestionPage,
  ReorderSuggestionsQuery,
} from './dto/inventory.dto';
import { InventoryRepository } from './inventory.repository';

@ApiTags('inventory')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryRepository) {}

  @Get()
  @ReadsFromReplica()
  @Auth()
  @ApiOperation({ summary: 'List stock per warehouse and item (now, or as of an instant with ?asOf=)' })
  @ApiOkResponse({ type: InventoryPage })
  async list(@Query() query: ListInventoryQuery): Promise<InventoryPage> {
    if (query.asOf) {
      // Always in (warehouse, item) key order: each row is one index probe into its history. A sort would be
      // silently ignored, so it is refused.
      if (query.sort !== undefined) {
        throw badRequest('VALIDATION_FAILED', 'sort cannot be combined with asOf: stock as of an instant is listed in (warehouse, item) order');
      }
      const rows = await this.inventory.listAsOf(query, new Date(query.asOf), skipOf(query), query.limit + 1);
      return { items: rows.slice(0, query.limit), page: query.page, limit: query.limit, total: null, hasNext: rows.length > query.limit };
    }
    const { items, total } = await this.inventory.list(
      query,
      skipOf(query),
      query.limit,
      parseSort(query.sort, INVENTORY_SORT_FIELDS, INVENTORY_DEFAULT_SORT),
    );
    return toPage(items, total, query);
  }

  @Get('reorder-suggestions')
  @ReadsFromReplica()
  @Auth()
  @ApiOkResponse({ type: ReorderSuggestionPage, description: 'Items whose available total is at or below their reorder threshold' })
  async reorderSuggestions(@Query() query: ReorderSuggestionsQuery): Promise<ReorderSuggestionPage> {
    const { items, total } = await this.inventory.reorderSuggestions(query.warehouseId, skipOf(query), query.limit);
    return toPage(items, total, query);
  }
}
