import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { ToBoolean } from '@app/common/dto/transforms';

/** A report lists at most this many problems (the first ones by row); fix them and import again. */
export const MAX_REPORTED_ERRORS = 1000;
export const MAX_ERROR_FIELD_LENGTH = 100;
export const MAX_ERROR_MESSAGE_LENGTH = 500;

export class ImportQuery {
  @ApiPropertyOptional({ description: 'Validate and report what would change, change nothing', default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class ImportRowError {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Line of the file as a spreadsheet numbers it (the header is row 1)' })
  row!: number;
  @ApiProperty({ maxLength: MAX_ERROR_FIELD_LENGTH, description: 'Column name (body or header for the file as a whole)' }) field!: string;
  @ApiProperty({ maxLength: MAX_ERROR_MESSAGE_LENGTH }) message!: string;
}

export class ImportReport {
  @ApiProperty({ description: 'Data rows in the file' }) rows!: number;
  @ApiProperty({ description: 'Items created (items) / stock rows opened (opening stock)' }) created!: number;
  @ApiProperty({ description: 'Items changed (items) / stock rows raised (opening stock)' }) updated!: number;
  @ApiProperty({ description: 'Rows that already matched: re-importing a file changes nothing' }) unchanged!: number;
  @ApiProperty({ description: 'true when nothing was written: dryRun, or errors' }) dryRun!: boolean;
  @ApiProperty({
    type: [ImportRowError],
    maxItems: MAX_REPORTED_ERRORS,
    description: `Every problem, by row (the first ${MAX_REPORTED_ERRORS} when there are more); empty when applied`,
  })
  errors!: ImportRowError[];
}
