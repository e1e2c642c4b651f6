import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { JobScheduler } from '@app/jobs/job-scheduler';
import { LedgerModule } from '@app/ledger/ledger.module';
import { ReservationExpiryService } from './reservation-expiry.service';
import { ReservationsController } from './reservations.controller';
import { ReservationsRepository } from './reservations.repository';
import { ReservationsService } from './reservations.service';

@Module({
  imports: [LedgerModule],
  controllers: [ReservationsController],
  providers: [ReservationsService, ReservationsRepository, ReservationExpiryService],
  exports: [ReservationExpiryService],
})
export class ReservationsModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobScheduler,
    private readonly expiry: ReservationExpiryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobs.enabled) return;
    this.jobs.schedule('reservation-expiry', this.config.jobs.reservationExpiryCron, () => this.expiry.expireOverdue());
  }
}
