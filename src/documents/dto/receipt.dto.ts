import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { DECIMAL_RESPONSE, decimalInputSchema } from '@app/common/dto/decimal';
import { OptionalNotNull, OptionalNullable } from '@app/common/dto/optional';
import { UNIT_COST_RULE, UnitCostField } from '@app/transactions/dto/transaction.dto';
import {
  DocumentEntry,
  DocumentLineEntry,
  DocumentLineTarget,
  LINE_QUANTITY_DOC,
  LINES_DOC,
  LineQuantity,
  Lines,
  ListDocumentsQuery,
  MAX_DOCUMENT_LINES,
  NOTES_DOC,
  Notes,
  REFERENCE_DOC,
  Reference,
} from './document.dto';

export class ReceiptLineInput extends DocumentLineTarget {
  @ApiProperty(LINE_QUANTITY_DOC) @LineQuantity() quantity!: string;
  @ApiPropertyOptional({
    ...decimalInputSchema(UNIT_COST_RULE, '12.5000'),
    nullable: true,
    description: 'Cost of one unit, ≥ 0, ≤ 4 decimals; without it the stock enters at the current average cost',
  })
  @OptionalNullable()
  @UnitCostField()
  unitCost?: string | null;
}

export class CreateReceiptDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'supplierId must be a UUID' }) supplierId!: string;
  @ApiPropertyOptional(REFERENCE_DOC) @Reference() reference?: string | null;
  @ApiPropertyOptional(NOTES_DOC) @Notes() notes?: string | null;
  @ApiProperty({ type: [ReceiptLineInput], ...LINES_DOC }) @Lines(() => ReceiptLineInput) lines!: ReceiptLineInput[];
}

/** A DRAFT only; `lines`, when sent, replace every line. */
export class UpdateReceiptDto {
  @ApiPropertyOptional({ format: 'uuid' }) @OptionalNotNull() @IsUUID('all', { message: 'supplierId must be a UUID' }) supplierId?: string;
  @ApiPropertyOptional(REFERENCE_DOC) @Reference() reference?: string | null;
  @ApiPropertyOptional(NOTES_DOC) @Notes() notes?: string | null;
  @ApiPropertyOptional({ type: [ReceiptLineInput], ...LINES_DOC })
  @OptionalNotNull()
  @Lines(() => ReceiptLineInput)
  lines?: ReceiptLineInput[];
}

export class ListReceiptsQuery extends ListDocumentsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() supplierId?: string;
}

export class ReceiptLine extends DocumentLineEntry {
  @ApiProperty({ ...DECIMAL_RESPONSE, nullable: true, example: '12.5000', description: 'null: enters at the average cost' })
  unitCost!: string | null;
}

export class ReceiptEntry extends DocumentEntry {
  @ApiProperty({ format: 'uuid' }) supplierId!: string;
}

export class ReceiptResponse extends ReceiptEntry {
  @ApiProperty({ type: [ReceiptLine], maxItems: MAX_DOCUMENT_LINES }) lines!: ReceiptLine[];
}
