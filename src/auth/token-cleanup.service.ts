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
 * Deletes, in batches, refresh tokens whose login (family) has expired, except revoked ones: a revoked
 * token is kept for the retention period after its revocation (`REVOKED_TOKEN_RETENTION_DAYS`, default
 * `DEFAULT_REVOKED_TOKEN_RETENTION_DAYS`, 30, in config/app-config.ts), whether or not its login has expired since, then deleted.
 * Rotated but unexpired tokens stay: reuse detection needs them.
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
            WHERE CASE WHEN is_revoked THEN coalesce(revoked_at, expires_at) < now() - make_interval(days => $1)
                       ELSE expires_at <= now() END
            LIMIT $2)`,
        [this.config.jobs.revokedRetentionDays],
      );
    });
    return deleted;
  }
}
