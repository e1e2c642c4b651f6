import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { Auth } from '@app/common/decorators/auth.decorators';
import { Page } from '@app/common/dto/pagination.dto';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import {
  CreateWarehouseDto,
  GetWarehouseQuery,
  ListWarehousesQuery,
  UpdateWarehouseDto,
  WarehouseDetailResponse,
  WarehouseResponse,
} from './dto/warehouse.dto';
import { WarehousesService } from './warehouses.service';

@ApiTags('warehouses')
@Controller('warehouses')
export class WarehousesController {
  constructor(private readonly warehouses: WarehousesService) {}

  @Get()
  @ReadsFromReplica()
  @Auth()
  list(@Query() query: ListWarehousesQuery): Promise<Page<WarehouseResponse>> {
    return this.warehouses.list(query);
  }

  @Get(':id')
  @Auth()
  @ApiOkResponse({ type: WarehouseDetailResponse })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParam()) id: string, @Query() query: GetWarehouseQuery): Promise<WarehouseDetailResponse> {
    return this.warehouses.getDetail(id, query.include);
  }

  @Post()
  @Auth('ADMIN', 'MANAGER')
  @ApiCreatedResponse({ type: WarehouseResponse })
  create(@Body() dto: CreateWarehouseDto): Promise<WarehouseResponse> {
    return this.warehouses.create(dto);
  }

  @Patch(':id')
  @Auth('ADMIN', 'MANAGER')
  @ApiOkResponse({ type: WarehouseResponse })
  update(@Param('id', UuidParam()) id: string, @Body() dto: UpdateWarehouseDto): Promise<WarehouseResponse> {
    return this.warehouses.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth('ADMIN', 'MANAGER')
  @ApiNoContentResponse({ description: 'Soft-deleted: hidden from lists and reads, history kept' })
  remove(@Param('id', UuidParam()) id: string): Promise<void> {
    return this.warehouses.remove(id);
  }
}
