import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { InventoryExportQuery, TransactionsExportQuery } from './dto/export.dto';
import { ExportsService } from './exports.service';

const CSV_BODY = { 'text/csv': { schema: { type: 'string' as const, description: 'RFC 4180, UTF-8, header row first' } } };

function sendCsv(reply: FastifyReply, name: string, body: Readable): void {
  void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);
}

@ApiTags('exports')
@Controller('exports')
@ReadsFromReplica()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('items.csv')
  @Auth()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Active items with their total quantity, by SKU', content: CSV_BODY })
  async items(@Res() reply: FastifyReply): Promise<void> {
    sendCsv(reply, 'items.csv', await this.exports.items());
  }

  @Get('inventory.csv')
  @Auth()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Stock per (warehouse, item), now or as of an instant', content: CSV_BODY })
  async inventory(@Query() query: InventoryExportQuery, @Res() reply: FastifyReply): Promise<void> {
    sendCsv(reply, 'inventory.csv', await this.exports.inventory(query.asOf));
  }

  @Get('transactions.csv')
  @Auth()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Movements in [from, to), oldest first', content: CSV_BODY })
  async transactions(@Query() query: TransactionsExportQuery, @Res() reply: FastifyReply): Promise<void> {
    sendCsv(reply, 'transactions.csv', await this.exports.transactions(query.from, query.to));
  }
}
