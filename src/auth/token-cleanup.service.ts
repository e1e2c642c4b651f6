import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { PrismaService } from '@app/database/prisma.service';
import { deleteInBatches, forEachCompany, JOB_LOCKS, runExclusive } from '@app/database/exclusive-job';

export interface TokenCleanupResult {
  ran: boolean;
  deleted: number;
}

/**
 * Deletes refresh tokens whose family has expired, and revoked tokens older than the retention
 * period, in batches. Rotated but unexpired tokens stay: reuse detection needs them.
 */
@Injectable()
export class TokenCleanupService {
  private readonly logger = new Logger(TokenCleanupService.name);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<TokenCleanupResult> {
    const outcome = await runExclusive(this.prisma.pool, JOB_LOCKS.tokenCleanup, (client) => this.deleteInBatches(client));
    if (!outcome.ran) {
      this.logger.log({ job: 'token-cleanup' }, 'Token cleanup skipped: another process is running it');
      return { ran: false, deleted: 0 };
    }
    this.logger.log({ job: 'token-cleanup', deleted: outcome.result }, `Token cleanup deleted ${outcome.result} refresh tokens`);
    return { ran: true, deleted: outcome.result };
  }

  /** Company by company (row-level security shows each run only that company's tokens). */
  private async deleteInBatches(client: PoolClient): Promise<number> {
    let deleted = 0;
    await forEachCompany(client, async () => {
      deleted += await deleteInBatches(
        client,
        `DELETE FROM refresh_tokens WHERE id IN (
           SELECT id FROM refresh_tokens
            WHERE expires_at <= now()
               OR (is_revoked AND revoked_at < now() - make_interval(days => $1))
            LIMIT $2)`,
        [this.config.jobs.revokedRetentionDays],
      );
    });
    return deleted;
  }
}
