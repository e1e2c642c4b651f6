import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ApiPageResponse, Page } from '@app/common/dto/pagination.dto';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import { CreateWarehouseDto, ListWarehousesQuery, UpdateWarehouseDto, WarehouseResponse } from './dto/warehouse.dto';
import { WarehousesService } from './warehouses.service';

@ApiTags('warehouses')
@Controller('warehouses')
export class WarehousesController {
  constructor(private readonly warehouses: WarehousesService) {}

  @Get()
  @Auth()
  @ApiOperation({ summary: 'List warehouses with utilization and stock totals' })
  @ApiPageResponse(WarehouseResponse)
  list(@Query() query: ListWarehousesQuery): Promise<Page<WarehouseResponse>> {
    return this.warehouses.list(query);
  }

  @Get(':id')
  @Auth()
  @ApiOkResponse({ type: WarehouseResponse })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'Get a warehouse' })
  get(@Param('id', UuidParam()) id: string): Promise<WarehouseResponse> {
    return this.warehouses.get(id);
  }

  @Post()
  @Auth('ADMIN', 'MANAGER')
  @ApiCreatedResponse({ type: WarehouseResponse })
  @ApiOperation({ summary: 'Create a warehouse' })
  create(@Body() dto: CreateWarehouseDto): Promise<WarehouseResponse> {
    return this.warehouses.create(dto);
  }

  @Patch(':id')
  @Auth('ADMIN', 'MANAGER')
  @ApiOkResponse({ type: WarehouseResponse })
  @ApiOperation({ summary: 'Change a warehouse' })
  update(@Param('id', UuidParam()) id: string, @Body() dto: UpdateWarehouseDto): Promise<WarehouseResponse> {
    return this.warehouses.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth('ADMIN', 'MANAGER')
  @ApiNoContentResponse({ description: 'Soft-deleted: hidden from lists and reads, history kept' })
  @ApiOperation({ summary: 'Soft-delete a warehouse' })
  remove(@Param('id', UuidParam()) id: string): Promise<void> {
    return this.warehouses.remove(id);
  }
}
