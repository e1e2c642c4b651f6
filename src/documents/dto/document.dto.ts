import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { DocumentStatus } from '@app/generated/prisma/client';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema, type DecimalRule } from '@app/common/dto/decimal';
import { OptionalNullable } from '@app/common/dto/optional';
import { PageQuery } from '@app/common/dto/pagination.dto';
import { Trim } from '@app/common/dto/transforms';
import { MAX_MOVEMENT_QUANTITY } from '@app/transactions/dto/transaction.dto';

/** At most this many lines per document; posting them is one database transaction. */
export const MAX_DOCUMENT_LINES = 500;

export const LINE_QUANTITY_RULE: DecimalRule = { scale: 2, integerDigits: 7, allowZero: false, max: MAX_MOVEMENT_QUANTITY };
export const LineQuantity = (): PropertyDecorator => DecimalField(LINE_QUANTITY_RULE);
export const LINE_QUANTITY_DOC = {
  ...decimalInputSchema(LINE_QUANTITY_RULE, '12'),
  description: `> 0, ≤ 2 decimals, ≤ ${MAX_MOVEMENT_QUANTITY}`,
};

export const REFERENCE_DOC = {
  type: String,
  maxLength: 100,
  nullable: true,
  example: 'PO-4711',
  description: 'Your order or delivery-note number; also the notes of the posted movements',
} as const;
export const NOTES_DOC = { type: String, maxLength: 1000, nullable: true, example: 'Dock 3, pallet labels checked' } as const;
export const Reference = (): PropertyDecorator => applyDecorators(OptionalNullable(), Trim(), IsString(), MaxLength(100));
export const Notes = (): PropertyDecorator => applyDecorators(OptionalNullable(), IsString(), MaxLength(1000));

/** 1…500 nested lines, each validated and named in errors as lines[i].field. */
export const Lines = (type: () => new () => object): PropertyDecorator =>
  applyDecorators(IsArray(), ArrayMinSize(1), ArrayMaxSize(MAX_DOCUMENT_LINES), ValidateNested({ each: true }), Type(type));
export const LINES_DOC = {
  minItems: 1,
  maxItems: MAX_DOCUMENT_LINES,
  description: `1-${MAX_DOCUMENT_LINES} lines; the same item and warehouse may appear on several lines. Errors name the line: lines[3].quantity`,
} as const;

export class DocumentLineTarget {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'itemId must be a UUID' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'warehouseId must be a UUID' }) warehouseId!: string;
}

export class ListDocumentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DocumentStatus, enumName: 'DocumentStatus' }) @IsOptional() @IsEnum(DocumentStatus) status?: DocumentStatus;
}

/** Header fields of every document answer. */
export class DocumentEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DocumentStatus, enumName: 'DocumentStatus' }) status!: DocumentStatus;
  @ApiProperty({ type: String, nullable: true, maxLength: 100 }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 1000 }) notes!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_DOCUMENT_LINES }) lineCount!: number;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '120.00', description: 'Σ quantity of the lines' }) totalQuantity!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt!: string | null;
}

export class DocumentLineEntry {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_DOCUMENT_LINES - 1, description: 'Position in the lines array (0-based)' })
  lineNo!: number;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) warehouseId!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '12.00' }) quantity!: string;
}
