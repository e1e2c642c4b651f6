import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, IsUUID, MaxLength, registerDecorator, ValidateIf } from 'class-validator';
import { decimalProblem } from '@app/common/dto/decimal';
import { MAX_MOVEMENT_QUANTITY } from '@app/transactions/dto/transaction.dto';

/** Reasons a person may give; COUNT is written only by posting a cycle count. */
export const ADJUSTMENT_REASONS = ['DAMAGED', 'LOST', 'FOUND', 'EXPIRED', 'CORRECTION', 'OTHER'] as const;
export type AdjustmentReasonInput = (typeof ADJUSTMENT_REASONS)[number];

const SIGNED_RULE = { scale: 2, integerDigits: 7, allowZero: false, max: MAX_MOVEMENT_QUANTITY };

/** A signed, non-zero decimal with at most 2 places, |value| ≤ the movement maximum; carried as a string. */
function SignedQuantity(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : value,
    )(target, property);
    registerDecorator({
      name: 'isSignedDecimal',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && decimalProblem(value.replace(/^-/, ''), SIGNED_RULE) === undefined,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a non-zero signed number with at most 2 decimal places and at most ${MAX_MOVEMENT_QUANTITY} either way`,
      },
    });
  };
}

/** With reason OTHER the notes are the only explanation: blank (empty or whitespace) notes are refused. */
function NotBlankForOther(): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'notBlankForOther',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as CreateAdjustmentDto).reason !== 'OTHER' || (typeof value === 'string' && value.trim() !== ''),
        defaultMessage: () => 'notes are required when reason is OTHER and must not be blank',
      },
    });
}

export class CreateAdjustmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'warehouseId must be a UUID' }) warehouseId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'itemId must be a UUID' }) itemId!: string;

  @ApiProperty({
    oneOf: [
      { type: 'string', pattern: '^\\s*-?\\d{1,7}(\\.\\d{1,2})?\\s*$', maxLength: 31 },
      { type: 'number', minimum: -Number(MAX_MOVEMENT_QUANTITY), maximum: Number(MAX_MOVEMENT_QUANTITY) },
    ],
    example: '-3.00',
    description: `Signed change of on-hand as a string or a JSON number: ≠ 0, at most 2 decimals, |change| ≤ ${MAX_MOVEMENT_QUANTITY}`,
  })
  @SignedQuantity()
  quantityChange!: string;

  @ApiProperty({ enum: ADJUSTMENT_REASONS })
  @IsIn(ADJUSTMENT_REASONS, { message: `reason must be one of ${ADJUSTMENT_REASONS.join(', ')}` })
  reason!: AdjustmentReasonInput;

  @ApiPropertyOptional({
    type: String,
    maxLength: 1000,
    nullable: true,
    example: 'Pallet dropped by forklift',
    description: 'Required when reason is OTHER',
  })
  @ValidateIf((o: CreateAdjustmentDto) => o.reason === 'OTHER' || (o.notes !== undefined && o.notes !== null))
  @IsString({ message: 'notes are required when reason is OTHER' })
  @MaxLength(1000)
  @NotBlankForOther()
  notes?: string | null;
}
