import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Trim } from '@app/common/dto/transforms';
import { OptionalNotNull, OptionalNullable } from '@app/common/dto/optional';

/** ISO 4217 codes the runtime knows (Intl), e.g. USD, EUR, KRW. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');

export class UpdateCompanyDto {
  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217 code of every money amount (costs and values); amounts are not converted' })
  @OptionalNotNull()
  @Trim()
  @IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 code such as USD, EUR or KRW' })
  currency?: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 100 })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(2, 100)
  name?: string;

  @ApiPropertyOptional({ example: '+821012345678', nullable: true, description: 'E.164; null clears it' })
  @OptionalNullable()
  @Trim()
  @IsString()
  @Matches(/^\+[1-9]\d{1,14}$/, { message: 'phone must be in E.164 format, e.g. +821012345678' })
  phone?: string | null;

  @ApiPropertyOptional({ maxLength: 300, nullable: true, description: 'null clears it' })
  @OptionalNullable()
  @Trim()
  @IsString()
  @Length(2, 300)
  address?: string | null;
}

export class CompanyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ example: 'USD', description: 'ISO 4217' }) currency!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
