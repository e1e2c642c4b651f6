import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DATE_RANGE_TEXT, IsoDateTime } from '@app/common/dto/dates';

export class InventoryExportQuery {
  @ApiPropertyOptional({ format: 'date-time', description: `Stock as it was at this instant (from the ledger), ${DATE_RANGE_TEXT}` })
  @IsOptional()
  @IsoDateTime()
  asOf?: string;
}

export class TransactionsExportQuery {
  @ApiPropertyOptional({ format: 'date-time', description: `Inclusive lower bound on createdAt, ${DATE_RANGE_TEXT}` })
  @IsOptional()
  @IsoDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `Exclusive upper bound on createdAt, ${DATE_RANGE_TEXT}` })
  @IsOptional()
  @IsoDateTime()
  to?: string;
}
