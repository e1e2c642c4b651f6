import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ReservationStatus } from '@app/generated/prisma/client';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema } from '@app/common/dto/decimal';
import { IsoDateTime } from '@app/common/dto/dates';
import { OptionalNotNull, OptionalNullable } from '@app/common/dto/optional';
import { MAX_LIMIT, PageQuery } from '@app/common/dto/pagination.dto';
import { Trim } from '@app/common/dto/transforms';
import { MOVEMENT_QUANTITY_RULE, TransactionResponse } from '@app/transactions/dto/transaction.dto';

const Quantity = (): PropertyDecorator => DecimalField(MOVEMENT_QUANTITY_RULE);

export class CreateReservationDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'warehouseId must be a UUID' }) warehouseId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'itemId must be a UUID' }) itemId!: string;
  @ApiProperty(decimalInputSchema(MOVEMENT_QUANTITY_RULE, '3.00')) @Quantity() quantity!: string;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true, example: 'SO-1042', description: 'Your order number or similar' })
  @OptionalNullable()
  @Trim()
  @IsString()
  @MaxLength(100)
  reference?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2099-01-01T00:00:00.000Z',
    description: 'In the future; default now + RESERVATION_TTL_MINUTES (30). Past it the reservation stops counting at once.',
  })
  @OptionalNotNull()
  @IsoDateTime()
  expiresAt?: string;
}

export class FulfilReservationDto {
  @ApiPropertyOptional({
    ...decimalInputSchema(MOVEMENT_QUANTITY_RULE, '2.00'),
    description: `${decimalInputSchema(MOVEMENT_QUANTITY_RULE, '2.00').description as string} At most the reserved quantity (default: all of it); the rest is released.`,
  })
  @OptionalNotNull()
  @Quantity()
  quantity?: string;
}

export class ListReservationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ReservationStatus, description: 'EXPIRED includes ACTIVE ones past their expiry' })
  @IsOptional()
  @IsEnum(ReservationStatus)
  status?: ReservationStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() warehouseId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;
}

export class ReservationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) warehouseId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '3.00' }) quantity!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, nullable: true, description: 'Shipped by fulfil' }) fulfilledQuantity!: string | null;
  @ApiProperty({ enum: ReservationStatus, description: 'An ACTIVE reservation past expiresAt reads EXPIRED' }) status!: ReservationStatus;
  @ApiProperty({ type: String, nullable: true, maxLength: 100 }) reference!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class FulfilmentResponse {
  @ApiProperty({ type: ReservationResponse }) reservation!: ReservationResponse;
  @ApiProperty({ type: TransactionResponse, description: 'The OUTBOUND movement, with reservationId' }) movement!: TransactionResponse;
}

export class ReservationPage {
  @ApiProperty({ type: [ReservationResponse], maxItems: MAX_LIMIT }) items!: ReservationResponse[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LIMIT }) limit!: number;
  @ApiProperty() hasNext!: boolean;
}
