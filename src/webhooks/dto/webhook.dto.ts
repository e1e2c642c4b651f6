import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull, OptionalNullable } from '@app/common/dto/optional';
import { MAX_LIMIT } from '@app/common/dto/pagination.dto';

export const WEBHOOK_EVENT_TYPES = [
  'stock.moved',
  'stock.low',
  'item.created',
  'item.updated',
  'item.deleted',
  'warehouse.created',
  'warehouse.updated',
  'warehouse.deleted',
  'document.posted',
  'reservation.expired',
] as const;

/** Sent only by POST /webhooks/:id/test, to that endpoint. */
export const TEST_EVENT_TYPE = 'webhook.test';

const EVENTS_TEXT = `one or more of ${WEBHOOK_EVENT_TYPES.join(', ')}`;

export class CreateWebhookDto {
  @ApiProperty({
    maxLength: 2000,
    example: 'https://93.184.215.14/hooks/inventory',
    description: 'https in production; must not resolve to a private address',
  })
  @IsString({ message: 'url must be a string' })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENT_TYPES, maxItems: WEBHOOK_EVENT_TYPES.length, description: EVENTS_TEXT })
  @IsArray({ message: `events must be an array of ${EVENTS_TEXT}` })
  @ArrayNotEmpty({ message: `events must hold ${EVENTS_TEXT}` })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique({ message: 'events must not repeat a type' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `each value in events must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  events!: string[];

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true, example: 'Shop' })
  @OptionalNullable()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'https://93.184.215.14/hooks/inventory' })
  @OptionalNotNull()
  @IsString({ message: 'url must be a string' })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: WEBHOOK_EVENT_TYPES, maxItems: WEBHOOK_EVENT_TYPES.length })
  @OptionalNotNull()
  @IsArray({ message: `events must be an array of ${EVENTS_TEXT}` })
  @ArrayNotEmpty({ message: `events must hold ${EVENTS_TEXT}` })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique({ message: 'events must not repeat a type' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `each value in events must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  events?: string[];

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true, example: 'Shop' })
  @OptionalNullable()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ description: 'false pauses deliveries (events are not queued for it meanwhile)' })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 2000 }) url!: string;
  @ApiProperty({ type: [String], enum: WEBHOOK_EVENT_TYPES, maxItems: WEBHOOK_EVENT_TYPES.length }) events!: string[];
  @ApiProperty({ nullable: true, type: String, maxLength: 500 }) description!: string | null;
  @ApiProperty() isActive!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=',
    maxLength: 50,
    pattern: '^whsec_[A-Za-z0-9+/]{43}=$',
    description: 'Signing secret (whsec_ + base64 of 32 random bytes), shown only in this response',
  })
  secret!: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookResponse], maxItems: MAX_LIMIT }) items!: WebhookResponse[];
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() total!: number;
  @ApiProperty() hasNext!: boolean;
}

export const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ format: 'uuid', description: 'Also the webhook-id header: the same on every retry and redelivery' }) eventId!: string;
  @ApiProperty({ enum: [...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE], example: 'stock.moved' }) eventType!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the next attempt is due (PENDING)' }) nextAttemptAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) lastResponseCode!: number | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 500, description: 'Why the last attempt failed (first 500 characters)' })
  lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryResponse], maxItems: MAX_LIMIT }) items!: WebhookDeliveryResponse[];
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() total!: number;
  @ApiProperty() hasNext!: boolean;
}
