import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Trim } from '@app/common/dto/transforms';
import { OptionalNotNull, OptionalNullable } from '@app/common/dto/optional';

/** ISO 4217 codes the runtime knows (Intl), e.g. USD, EUR, KRW. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');

export class UpdateCompanyDto {
  @ApiPropertyOptional({ example: 'EUR', minLength: 3, maxLength: 3, description: 'ISO 4217 code of every money amount (costs and values); amounts are not converted' })
  @OptionalNotNull()
  @Trim()
  @IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 code such as USD, EUR or KRW' })
  currency?: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 100, example: 'Acme Logistics' })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(2, 100)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    example: '+821012345678',
    pattern: '^\\s*\\+[1-9]\\d{1,14}\\s*$',
    maxLength: 16,
    nullable: true,
    description: 'E.164; null clears it',
  })
  @OptionalNullable()
  @Trim()
  @IsString()
  @Matches(/^\+[1-9]\d{1,14}$/, { message: 'phone must be in E.164 format, e.g. +821012345678' })
  phone?: string | null;

  @ApiPropertyOptional({
    type: String,
    minLength: 2,
    maxLength: 300,
    example: '1 Dock Road, Busan',
    nullable: true,
    description: 'null clears it',
  })
  @OptionalNullable()
  @Trim()
  @IsString()
  @Length(2, 300)
  address?: string | null;
}

export class CompanyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 100 }) name!: string;
  @ApiProperty({ maxLength: 254, description: 'Lower-cased, NFC; may hold non-ASCII characters' }) email!: string;
  @ApiProperty({ nullable: true, type: String, maxLength: 16 }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String, maxLength: 300 }) address!: string | null;
  @ApiProperty({ example: 'USD', minLength: 3, maxLength: 3, description: 'ISO 4217' }) currency!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
