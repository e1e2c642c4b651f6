import { Injectable } from '@nestjs/common';
import { Prisma, type Role } from '@app/generated/prisma/client';
import { prismaOrderBy, type SortKey } from '@app/common/dto/sort';
import { escapeLike } from '@app/common/sql/like';
import type { UserSortField } from './dto/user.dto';
import { InjectTenantPrisma, type TenantPrisma } from '@app/database/database.module';
import { TenantSql } from '@app/database/tenant-sql';

/** The columns a user response may show (never the password hash). */
export const PUBLIC_USER = {
  id: true,
  email: true,
  name: true,
  role: true,
  companyId: true,
  isActive: true,
  lastLoginAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface UserFilter {
  role?: Role;
  isActive?: boolean;
  search?: string;
}

@Injectable()
export class UsersRepository {
  constructor(
    @InjectTenantPrisma() private readonly db: TenantPrisma,
    private readonly sql: TenantSql,
  ) {}

  findById(id: string) {
    return this.db.user.findUnique({ where: { id }, select: PUBLIC_USER });
  }

  async list(filter: UserFilter, sort: SortKey<UserSortField>[], skip: number, take: number) {
    const where: Prisma.UserWhereInput = { role: filter.role, isActive: filter.isActive };
    if (filter.search) {
      // Prisma's `contains` is an ILIKE that leaves wildcards alone: escaped, `%` and `_` match only themselves.
      const term = { contains: escapeLike(filter.search), mode: 'insensitive' } as const;
      where.OR = [{ name: term }, { email: term }];
    }
    const [items, total] = await Promise.all([
      this.db.user.findMany({ where, select: PUBLIC_USER, orderBy: prismaOrderBy(sort), skip, take }),
      this.db.user.count({ where }),
    ]);
    return { items, total };
  }

  create(data: { email: string; name: string; passwordHash: string; role: Role }) {
    return this.db.user.create({ data: data as never, select: PUBLIC_USER });
  }

  /**
   * Updates a user of the current company while holding the company row lock, so two admins
   * demoting each other cannot leave the company without an active admin. `check` sees the
   * count of other active admins and may throw to abort.
   */
  async updateGuarded(
    id: string,
    data: { name?: string; role?: Role; isActive?: boolean },
    check: (current: { role: Role; isActive: boolean }, otherActiveAdmins: number) => void,
  ) {
    return this.db.$transaction(async (tx) => {
      await this.sql.rows((company) => Prisma.sql`SELECT 1 FROM companies WHERE id = ${company} FOR UPDATE`, tx);
      const current = await tx.user.findUnique({ where: { id }, select: { role: true, isActive: true } });
      if (!current) return null;
      const otherActiveAdmins = await tx.user.count({ where: { role: 'ADMIN', isActive: true, NOT: { id } } });
      check(current, otherActiveAdmins);
      return tx.user.update({ where: { id }, data, select: PUBLIC_USER });
    });
  }

  /** Revokes every refresh token of a user already known to belong to the current company. */
  async revokeSessions(userId: string): Promise<void> {
    await this.db.refreshToken.updateMany({
      where: { userId, isRevoked: false },
      data: { isRevoked: true, revokedAt: new Date() },
    });
  }
}
