import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { OptionalNotNull } from '@app/common/dto/optional';
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

export class ShipmentLineInput extends DocumentLineTarget {
  @ApiProperty(LINE_QUANTITY_DOC) @LineQuantity() quantity!: string;
}

export class CreateShipmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'customerId must be a UUID' }) customerId!: string;
  @ApiPropertyOptional(REFERENCE_DOC) @Reference() reference?: string | null;
  @ApiPropertyOptional(NOTES_DOC) @Notes() notes?: string | null;
  @ApiProperty({ type: [ShipmentLineInput], ...LINES_DOC }) @Lines(() => ShipmentLineInput) lines!: ShipmentLineInput[];
}

/** A DRAFT only; `lines`, when sent, replace every line. */
export class UpdateShipmentDto {
  @ApiPropertyOptional({ format: 'uuid' }) @OptionalNotNull() @IsUUID('all', { message: 'customerId must be a UUID' }) customerId?: string;
  @ApiPropertyOptional(REFERENCE_DOC) @Reference() reference?: string | null;
  @ApiPropertyOptional(NOTES_DOC) @Notes() notes?: string | null;
  @ApiPropertyOptional({ type: [ShipmentLineInput], ...LINES_DOC })
  @OptionalNotNull()
  @Lines(() => ShipmentLineInput)
  lines?: ShipmentLineInput[];
}

export class ListShipmentsQuery extends ListDocumentsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
}

export class ShipmentLine extends DocumentLineEntry {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The reservation holding this line once CONFIRMED' })
  reservationId!: string | null;
}

export class ShipmentEntry extends DocumentEntry {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
}

export class ShipmentResponse extends ShipmentEntry {
  @ApiProperty({ type: [ShipmentLine], maxItems: MAX_DOCUMENT_LINES }) lines!: ShipmentLine[];
}
