import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The audit history is written by database triggers (migration *_integration); this module only reads it. */
@Module({ controllers: [AuditController], providers: [AuditService, AuditRepository] })
export class AuditModule {}
