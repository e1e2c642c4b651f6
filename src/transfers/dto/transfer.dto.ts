import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { DECIMAL_RESPONSE, DecimalField, decimalInputSchema } from '@app/common/dto/decimal';
import { OptionalNullable } from '@app/common/dto/optional';
import { MOVEMENT_QUANTITY_RULE, TransactionResponse } from '@app/transactions/dto/transaction.dto';

export class CreateTransferDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'fromWarehouseId must be a UUID' }) fromWarehouseId!: string;
  @ApiProperty({ format: 'uuid', example: '9b2c1f7e-4a6d-4e8b-8f3a-2d5c7e9a1b40', description: 'Must differ from fromWarehouseId' })
  @IsUUID('all', { message: 'toWarehouseId must be a UUID' })
  toWarehouseId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'itemId must be a UUID' }) itemId!: string;

  @ApiProperty(decimalInputSchema(MOVEMENT_QUANTITY_RULE, '12.00'))
  @DecimalField(MOVEMENT_QUANTITY_RULE)
  quantity!: string;

  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true, example: 'Rebalancing before the sale' })
  @OptionalNullable()
  @IsString()
  @MaxLength(1000)
  notes?: string | null;
}

export class TransferResponse {
  @ApiProperty({ format: 'uuid', description: 'The transferId both movements carry' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fromWarehouseId!: string;
  @ApiProperty({ format: 'uuid' }) toWarehouseId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '12.00' }) quantity!: string;
  @ApiProperty({ ...DECIMAL_RESPONSE, example: '3.717625', description: 'Average cost the stock moved at (the value moves with it)' })
  unitCost!: string | null;
  @ApiProperty({ type: [TransactionResponse], minItems: 2, maxItems: 2, description: '[TRANSFER_OUT, TRANSFER_IN]' })
  movements!: TransactionResponse[];
}
