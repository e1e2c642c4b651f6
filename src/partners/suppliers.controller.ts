import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { ApiPageResponse, Page } from '@app/common/dto/pagination.dto';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import { CreatePartnerDto, ListPartnersQuery, PartnerResponse, UpdatePartnerDto } from './dto/partner.dto';
import { PartnersService } from './partners.service';

/** Suppliers: receipts come from them. Read: any role; write: ADMIN, MANAGER (like items). */
@ApiTags('suppliers')
@Controller('suppliers')
export class SuppliersController {
  constructor(private readonly partners: PartnersService) {}

  @Get()
  @ReadsFromReplica()
  @Auth()
  @ApiOperation({ summary: 'List suppliers (not deleted), by name; ?search= matches name, email or tax id' })
  @ApiPageResponse(PartnerResponse)
  list(@Query() query: ListPartnersQuery): Promise<Page<PartnerResponse>> {
    return this.partners.list('supplier', query);
  }

  @Get(':id')
  @Auth()
  @ApiOkResponse({ type: PartnerResponse })
  @ApiNotFoundResponse({ description: 'No such supplier in your company (or it is deleted)' })
  @ApiOperation({ summary: 'Get a supplier' })
  get(@Param('id', UuidParam()) id: string): Promise<PartnerResponse> {
    return this.partners.get('supplier', id);
  }

  @Post()
  @Auth('ADMIN', 'MANAGER')
  @ApiCreatedResponse({ type: PartnerResponse })
  @ApiOperation({ summary: 'Create a supplier' })
  create(@Body() dto: CreatePartnerDto): Promise<PartnerResponse> {
    return this.partners.create('supplier', dto);
  }

  @Patch(':id')
  @Auth('ADMIN', 'MANAGER')
  @ApiOkResponse({ type: PartnerResponse })
  @ApiNotFoundResponse({ description: 'No such supplier in your company (or it is deleted)' })
  @ApiOperation({ summary: 'Change a supplier' })
  update(@Param('id', UuidParam()) id: string, @Body() dto: UpdatePartnerDto): Promise<PartnerResponse> {
    return this.partners.update('supplier', id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth('ADMIN', 'MANAGER')
  @ApiNoContentResponse({ description: 'Soft-deleted: hidden from reads, documents and history kept; no new documents' })
  @ApiNotFoundResponse({ description: 'No such supplier in your company (or it is already deleted)' })
  @ApiOperation({ summary: 'Soft-delete a supplier' })
  remove(@Param('id', UuidParam()) id: string): Promise<void> {
    return this.partners.remove('supplier', id);
  }
}
