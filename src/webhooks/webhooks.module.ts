import { Module } from '@nestjs/common';
import { WebhookDispatchRepository } from './webhook-dispatch.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Endpoints and their delivery log. Events are queued by database triggers (the outbox, migration
 * *_integration); the dispatcher sends them.
 */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhookDispatchRepository, WebhookDispatcher],
})
export class WebhooksModule {}
