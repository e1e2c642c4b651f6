import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

/** What /health/ready and the start-up check ask the database; touches no tenant table. */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly prisma: PrismaService) {}

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
