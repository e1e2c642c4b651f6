import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { Auth } from '@app/common/decorators/auth.decorators';
import { Page } from '@app/common/dto/pagination.dto';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import { CategoryList, CreateItemDto, ItemResponse, ListItemsQuery, UpdateItemDto } from './dto/item.dto';
import { ItemsService } from './items.service';

@ApiTags('items')
@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  @ReadsFromReplica()
  @Auth()
  list(@Query() query: ListItemsQuery): Promise<Page<ItemResponse>> {
    return this.items.list(query);
  }

  // Declared before ':id' so that "categories" is never read as an item id.
  @Get('categories')
  @Auth()
  @ApiOkResponse({ type: CategoryList, description: 'Distinct categories of the items that are not deleted, with counts' })
  categories(): Promise<CategoryList> {
    return this.items.categories();
  }

  @Get(':id')
  @Auth()
  @ApiOkResponse({ type: ItemResponse })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParam()) id: string): Promise<ItemResponse> {
    return this.items.get(id);
  }

  @Post()
  @Auth('ADMIN', 'MANAGER')
  @ApiCreatedResponse({ type: ItemResponse })
  @ApiConflictResponse({ description: 'SKU_TAKEN: another item of this company has this SKU (ignoring case)' })
  create(@Body() dto: CreateItemDto): Promise<ItemResponse> {
    return this.items.create(dto);
  }

  @Patch(':id')
  @Auth('ADMIN', 'MANAGER')
  @ApiOkResponse({ type: ItemResponse })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'SKU_TAKEN: another item of this company has this SKU (ignoring case)' })
  update(@Param('id', UuidParam()) id: string, @Body() dto: UpdateItemDto): Promise<ItemResponse> {
    return this.items.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth('ADMIN', 'MANAGER')
  @ApiNoContentResponse({ description: 'Soft-deleted: hidden from lists and reads, history kept' })
  remove(@Param('id', UuidParam()) id: string): Promise<void> {
    return this.items.remove(id);
  }
}
