import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PrismaService } from './prisma.service';

export interface RlsStatus {
  role: string;
  /** 'enforced', or 'bypassed' when the role is superuser or BYPASSRLS (the second wall is down). */
  rowLevelSecurity: 'enforced' | 'bypassed';
}

/**
 * What /health/ready and the start-up check ask the database; touches no tenant table. At start-up it
 * checks whether the serving role escapes row-level security and says so once, as a warning.
 */
@Injectable()
export class DatabaseHealth implements OnApplicationBootstrap {
  private readonly logger = new Logger(DatabaseHealth.name);
  private status: RlsStatus | undefined;

  constructor(private readonly prisma: PrismaService) {}

  async onApplicationBootstrap(): Promise<void> {
    const status = await this.rlsStatus();
    if (status.rowLevelSecurity === 'bypassed') {
      this.logger.warn(
        { role: status.role, rowLevelSecurity: 'bypassed' },
        `DATABASE_URL role "${status.role}" is superuser or BYPASSRLS: row-level security does not apply to the API (serve with a role without them)`,
      );
    }
  }

  /** The start-up answer (asked again if start-up did not ask yet). */
  async rlsStatus(): Promise<RlsStatus> {
    if (!this.status) {
      const { role, bypassesRls } = await this.roleBypassesRls();
      this.status = { role, rowLevelSecurity: bypassesRls ? 'bypassed' : 'enforced' };
    }
    return this.status;
  }

  /**
   * The read replica (DATABASE_READ_URL), if any: whether it answers, is a standby, and how far behind
   * the primary its last replayed transaction is. Undefined when no replica is configured.
   */
  async replicaStatus(): Promise<Record<string, unknown> | undefined> {
    const replica = this.prisma.pool.replica;
    if (!replica) return undefined;
    try {
      const { rows } = await replica.query<{ standby: boolean; lag: string | null }>(
        'SELECT pg_is_in_recovery() AS standby, extract(epoch FROM now() - pg_last_xact_replay_timestamp())::text AS lag',
      );
      const lag = rows[0]?.lag;
      return { reads: 'replica', standby: rows[0]?.standby ?? false, lagSeconds: lag === null || lag === undefined ? null : Number(lag) };
    } catch (err) {
      return { reads: 'primary (replica unreachable)', message: err instanceof Error ? err.message.slice(0, 200) : 'unreachable' };
    }
  }

  async ping(): Promise<void> {
    await this.prisma.pool.query('SELECT 1');
  }

  /** Whether the role the API serves with is exempt from row-level security (superuser or BYPASSRLS). */
  async roleBypassesRls(): Promise<{ role: string; bypassesRls: boolean }> {
    const { rows } = await this.prisma.pool.query<{ role: string; bypass: boolean }>(
      'SELECT current_user AS role, (rolsuper OR rolbypassrls) AS bypass FROM pg_roles WHERE rolname = current_user',
    );
    return { role: rows[0]?.role ?? 'unknown', bypassesRls: rows[0]?.bypass ?? false };
  }
}
