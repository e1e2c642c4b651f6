import { Body, Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ImportQuery, ImportReport } from './dto/import.dto';
import { ImportsService } from './imports.service';

const CSV_DOC = (columns: string, example: string) => ({
  schema: { type: 'string' as const, description: `text/csv with a header row: ${columns}`, example },
});

/** 200 with the report when applied (or dry run); 422 with the same report, nothing changed, when a row is invalid. */
function answer(reply: FastifyReply, report: ImportReport): ImportReport {
  if (report.errors.length > 0) void reply.status(422);
  return report;
}

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('items')
  @HttpCode(200)
  @Auth('ADMIN', 'MANAGER')
  @ApiConsumes('text/csv')
  @ApiBody(
    CSV_DOC(
      'sku, name, unitOfMeasure (required), category, description, reorderThreshold, volumePerUnit',
      'sku,name,unitOfMeasure,category,description,reorderThreshold,volumePerUnit\r\nBOLT-8,Bolt M8,EA,Fasteners,,100,0.01\r\n',
    ),
  )
  @ApiOkResponse({ type: ImportReport, description: 'Applied (all rows, upsert by SKU) or, with dryRun, what would change' })
  @ApiResponse({ status: 422, type: ImportReport, description: 'Rows with errors, each row and field named; nothing changed' })
  async items(@Body() body: unknown, @Query() query: ImportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<ImportReport> {
    return answer(reply, await this.imports.items(body, query.dryRun === true));
  }

  @Post('opening-stock')
  @HttpCode(200)
  @Auth('ADMIN', 'MANAGER')
  @ApiConsumes('text/csv')
  @ApiBody(
    CSV_DOC(
      'warehouseId, sku, quantity (the stock the warehouse should hold)',
      'warehouseId,sku,quantity\r\n3f0e8a52-4c1d-4b7e-9a55-0c2f6e1d9b10,BOLT-8,250\r\n',
    ),
  )
  @ApiOkResponse({ type: ImportReport, description: 'INBOUND movements for the difference up to each quantity, all or none' })
  @ApiResponse({ status: 422, type: ImportReport, description: 'Rows with errors, each row and field named; nothing changed' })
  async openingStock(
    @Body() body: unknown,
    @Query() query: ImportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportReport> {
    return answer(reply, await this.imports.openingStock(body, query.dryRun === true));
  }
}
