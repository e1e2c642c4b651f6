import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { DecimalField } from '@app/common/dto/decimal';
import { OptionalNullable } from '@app/common/dto/optional';
import { MAX_MOVEMENT_QUANTITY, TransactionResponse } from '@app/transactions/dto/transaction.dto';

export class CreateTransferDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'fromWarehouseId must be a UUID' }) fromWarehouseId!: string;
  @ApiProperty({ format: 'uuid', description: 'Must differ from fromWarehouseId' })
  @IsUUID('all', { message: 'toWarehouseId must be a UUID' })
  toWarehouseId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'itemId must be a UUID' }) itemId!: string;

  @ApiProperty({ type: String, example: '12.00', description: `Positive, at most 2 decimal places, at most ${MAX_MOVEMENT_QUANTITY}` })
  @DecimalField({ scale: 2, integerDigits: 7, allowZero: false, max: MAX_MOVEMENT_QUANTITY })
  quantity!: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true }) @OptionalNullable() @IsString() @MaxLength(1000) notes?: string | null;
}

export class TransferResponse {
  @ApiProperty({ format: 'uuid', description: 'The transferId both movements carry' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fromWarehouseId!: string;
  @ApiProperty({ format: 'uuid' }) toWarehouseId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ type: String, example: '12.00' }) quantity!: string;
  @ApiProperty({ type: String, example: '3.717625', description: 'Average cost the stock moved at (the value moves with it)' })
  unitCost!: string | null;
  @ApiProperty({ type: [TransactionResponse], description: '[TRANSFER_OUT, TRANSFER_IN]' }) movements!: TransactionResponse[];
}
