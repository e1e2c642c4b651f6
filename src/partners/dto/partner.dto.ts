import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { EMAIL_DOC, EMAIL_MAX_LENGTH, EmailField } from '@app/common/dto/email';
import { OptionalNotNull, OptionalNullable } from '@app/common/dto/optional';
import { PageQuery } from '@app/common/dto/pagination.dto';
import { Trim } from '@app/common/dto/transforms';

/** Suppliers and customers share one shape (the two are separate tables and routes). */
export type PartnerKind = 'supplier' | 'customer';

const Name = (): PropertyDecorator => applyDecorators(Trim(), IsString(), Length(1, 200));
const Text = (max: number): PropertyDecorator => applyDecorators(Trim(), IsString(), MaxLength(max));

const DOC = {
  name: { minLength: 1, maxLength: 200, example: 'Acme Supplies Ltd' },
  email: {
    type: String,
    format: 'email',
    maxLength: EMAIL_MAX_LENGTH,
    nullable: true,
    example: 'orders@acme.test',
    description: EMAIL_DOC,
  },
  phone: { type: String, maxLength: 50, nullable: true, example: '+82 2 555 0100' },
  address: { type: String, maxLength: 500, nullable: true, example: '1 Harbour Road, Busan' },
  taxId: { type: String, maxLength: 50, nullable: true, example: 'KR-123-45-67890' },
  notes: { type: String, maxLength: 2000, nullable: true, example: 'Delivers Tuesdays' },
} as const;

export class CreatePartnerDto {
  @ApiProperty(DOC.name) @Name() name!: string;
  @ApiPropertyOptional(DOC.email) @OptionalNullable() @EmailField() email?: string | null;
  @ApiPropertyOptional(DOC.phone) @OptionalNullable() @Text(50) phone?: string | null;
  @ApiPropertyOptional(DOC.address) @OptionalNullable() @Text(500) address?: string | null;
  @ApiPropertyOptional(DOC.taxId) @OptionalNullable() @Text(50) taxId?: string | null;
  @ApiPropertyOptional(DOC.notes) @OptionalNullable() @Text(2000) notes?: string | null;
}

/** Every field optional; name cannot be cleared, the others are cleared by null. */
export class UpdatePartnerDto {
  @ApiPropertyOptional(DOC.name) @OptionalNotNull() @Name() name?: string;
  @ApiPropertyOptional(DOC.email) @OptionalNullable() @EmailField() email?: string | null;
  @ApiPropertyOptional(DOC.phone) @OptionalNullable() @Text(50) phone?: string | null;
  @ApiPropertyOptional(DOC.address) @OptionalNullable() @Text(500) address?: string | null;
  @ApiPropertyOptional(DOC.taxId) @OptionalNullable() @Text(50) taxId?: string | null;
  @ApiPropertyOptional(DOC.notes) @OptionalNullable() @Text(2000) notes?: string | null;
}

export class ListPartnersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Case-insensitive match on name, email or tax id', maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class PartnerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 200 }) name!: string;
  @ApiProperty({ type: String, maxLength: EMAIL_MAX_LENGTH, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, maxLength: 50, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, maxLength: 500, nullable: true }) address!: string | null;
  @ApiProperty({ type: String, maxLength: 50, nullable: true }) taxId!: string | null;
  @ApiProperty({ type: String, maxLength: 2000, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}
