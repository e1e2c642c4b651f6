import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { ToBoolean } from '@app/common/dto/transforms';

export class ImportQuery {
  @ApiPropertyOptional({ description: 'Validate and report what would change, change nothing', default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class ImportRowError {
  @ApiProperty({ description: 'Line of the file as a spreadsheet numbers it (the header is row 1)' }) row!: number;
  @ApiProperty({ description: 'Column name' }) field!: string;
  @ApiProperty() message!: string;
}

export class ImportReport {
  @ApiProperty({ description: 'Data rows in the file' }) rows!: number;
  @ApiProperty({ description: 'Items created (items) / stock rows opened (opening stock)' }) created!: number;
  @ApiProperty({ description: 'Items changed (items) / stock rows raised (opening stock)' }) updated!: number;
  @ApiProperty({ description: 'Rows that already matched: re-importing a file changes nothing' }) unchanged!: number;
  @ApiProperty({ description: 'true when nothing was written: dryRun, or errors' }) dryRun!: boolean;
  @ApiProperty({ type: [ImportRowError] }) errors!: ImportRowError[];
}
