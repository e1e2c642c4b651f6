import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '@app/common/errors/app-error';
import { type PageQuery, skipOf, toPage, type Page } from '@app/common/dto/pagination.dto';
import type { AppConfig } from '@app/config/app-config';
import { APP_CONFIG } from '@app/config/config.module';
import {
  TEST_EVENT_TYPE,
  type CreatedWebhookResponse,
  type CreateWebhookDto,
  type UpdateWebhookDto,
  type WebhookDeliveryResponse,
  type WebhookResponse,
} from './dto/webhook.dto';
import { checkWebhookUrl, UnsafeUrlError } from './url-guard';
import { type DeliveryRow, type EndpointRow, WebhooksRepository } from './webhooks.repository';

@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateWebhookDto): Promise<CreatedWebhookResponse> {
    await this.checkUrl(dto.url);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const row = await this.repo.create({ url: dto.url, events: dto.events, description: dto.description ?? null, secret });
    return { ...toWebhook(row), secret };
  }

  async list(query: PageQuery): Promise<Page<WebhookResponse>> {
    const [rows, total] = await this.repo.page(skipOf(query), query.limit);
    return toPage(rows.map(toWebhook), total, query);
  }

  async get(id: string): Promise<WebhookResponse> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound('Webhook');
    return toWebhook(row);
  }

  async update(id: string, dto: UpdateWebhookDto): Promise<WebhookResponse> {
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    const row = await this.repo.update(id, dto);
    if (!row) throw notFound('Webhook');
    return toWebhook(row);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.remove(id))) throw notFound('Webhook');
  }

  async deliveries(id: string, query: PageQuery): Promise<Page<WebhookDeliveryResponse>> {
    await this.get(id);
    const [rows, total] = await this.repo.deliveries(id, skipOf(query), query.limit);
    return toPage(rows.map(toDelivery), total, query);
  }

  async test(id: string): Promise<WebhookDeliveryResponse> {
    await this.get(id);
    const row = await this.repo.queueTest(id, { endpointId: id, message: 'This is a test event' }, TEST_EVENT_TYPE);
    return toDelivery(row);
  }

  async redeliver(deliveryId: string): Promise<WebhookDeliveryResponse> {
    const row = await this.repo.redeliver(deliveryId);
    if (!row) throw notFound('Delivery');
    return toDelivery(row);
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await checkWebhookUrl(url, this.config.webhooks);
    } catch (err) {
      if (err instanceof UnsafeUrlError) throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_WEBHOOK_URL', err.message);
      throw err;
    }
  }
}

function toWebhook(row: EndpointRow): WebhookResponse {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    isActive: row.isActive,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toDelivery(row: DeliveryRow): WebhookDeliveryResponse {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.event.type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    lastResponseCode: row.lastResponseCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}
