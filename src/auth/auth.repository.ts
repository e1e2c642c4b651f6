import { Injectable } from '@nestjs/common';
import type { Role } from '@app/generated/prisma/client';
import { CrossTenant } from '@app/database/cross-tenant';
import { PrismaService } from '@app/database/prisma.service';
import { PUBLIC_USER } from '@app/users/users.repository';

export interface LoginCandidate {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string;
  isActive: boolean;
  passwordHash: string;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SessionPrincipal {
  role: Role;
  companyId: string;
  email: string;
  isActive: boolean;
  sessionLive: boolean;
}

const SESSION_PRINCIPAL = `
  SELECT u.role::text AS "role", u.company_id::text AS "companyId", u.email, u.is_active AS "isActive",
         EXISTS (SELECT 1 FROM refresh_tokens t
                  WHERE t.family_id = $2::uuid AND t.user_id = u.id
                    AND NOT t.is_revoked AND t.expires_at > now()) AS "sessionLive"
    FROM users u WHERE u.id = $1::uuid`;

export interface RotatedToken {
  userId: string;
  companyId: string;
  familyId: string;
  expiresAt: Date;
}

export interface StoredToken {
  id: string;
  userId: string;
  companyId: string;
  familyId: string;
  isRevoked: boolean;
  rotatedAt: Date | null;
  expiresAt: Date;
  isLatestRotated: boolean;
}

const LOGIN_CANDIDATE = { ...PUBLIC_USER, passwordHash: true } as const;

/**
 * Authentication data access. It works before a tenant is known (login, refresh, registration) and
 * for the access-token check (which runs before the request's tenant context), so it uses the
 * unscoped client and crosses the wall explicitly: every method names the company it acts for
 * (CrossTenant.asCompany), except the two look-ups that find it, by e-mail and by token hash, each
 * allowed by its own SELECT-only policy (prisma/migrations/*_row_level_security).
 */
@Injectable()
export class AuthRepository {
  constructor(private readonly prisma: PrismaService) {}

  findLoginCandidate(email: string): Promise<LoginCandidate | null> {
    return CrossTenant.forLogin(email, async () => await this.prisma.user.findUnique({ where: { email }, select: LOGIN_CANDIDATE }));
  }

  findUserById(companyId: string, id: string): Promise<LoginCandidate | null> {
    return CrossTenant.asCompany(companyId, async () => await this.prisma.user.findUnique({ where: { id }, select: LOGIN_CANDIDATE }));
  }

  findPasswordHash(companyId: string, userId: string): Promise<{ passwordHash: string } | null> {
    return CrossTenant.asCompany(
      companyId,
      async () => await this.prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
    );
  }

  /** The company is created first (companies has no policy), then the admin is inserted as that company. */
  async createCompanyWithAdmin(input: {
    companyName: string;
    companyEmail: string;
    name: string;
    email: string;
    passwordHash: string;
  }): Promise<LoginCandidate> {
    return this.prisma.$transaction(async (tx) => {
      const company = await tx.company.create({ data: { name: input.companyName, email: input.companyEmail } });
      return CrossTenant.asCompany(
        company.id,
        async () =>
          await tx.user.create({
            // Registration returns a session, so it is the user's first login.
            data: {
              companyId: company.id,
              email: input.email,
              name: input.name,
              passwordHash: input.passwordHash,
              role: 'ADMIN',
              lastLoginAt: new Date(),
            },
            select: LOGIN_CANDIDATE,
          }),
      );
    });
  }

  async recordLogin(companyId: string, userId: string): Promise<void> {
    await CrossTenant.asCompany(companyId, async () => {
      await this.prisma.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
    });
  }

  async updatePasswordHash(companyId: string, userId: string, passwordHash: string): Promise<void> {
    await CrossTenant.asCompany(companyId, async () => {
      await this.prisma.user.update({ where: { id: userId }, data: { passwordHash } });
    });
  }

  /**
   * What the access-token check needs, in one query: the user as it is now, and whether the login is
   * live. Runs as the token's company: a user of another company is simply not found. Every authenticated
   * request runs it, so it is a named statement on the pool (prepared once per connection): Prisma's
   * `$queryRaw` machinery made ~20 % of a small read's garbage, half of it here (docs/benchmarks.md).
   */
  async findSessionPrincipal(companyId: string, userId: string, familyId: string): Promise<SessionPrincipal | null> {
    const { rows } = await CrossTenant.asCompany(companyId, () =>
      this.prisma.pool.query<SessionPrincipal>({ name: 'session_principal', text: SESSION_PRINCIPAL, values: [userId, familyId] }),
    );
    return rows[0] ?? null;
  }

  async insertRefreshToken(input: {
    tokenHash: string;
    userId: string;
    companyId: string;
    familyId: string;
    expiresAt: Date;
  }): Promise<void> {
    await CrossTenant.asCompany(input.companyId, async () => {
      await this.prisma.refreshToken.create({ data: input });
    });
  }

  /** The company a presented refresh token belongs to (the one row the hash policy shows), if any. */
  private async companyOfToken(hash: string): Promise<string | undefined> {
    const row = await CrossTenant.forRefreshToken(
      hash,
      async () => await this.prisma.refreshToken.findUnique({ where: { tokenHash: hash }, select: { companyId: true } }),
    );
    return row?.companyId;
  }

  /**
   * Exchanges a live token for its successor in one statement (after the look-up of its company): the
   * conditional update lets exactly one concurrent caller win. The successor inherits the family's
   * absolute expiry.
   */
  async rotate(oldHash: string, newHash: string): Promise<RotatedToken | null> {
    const companyId = await this.companyOfToken(oldHash);
    if (!companyId) return null;
    const rows = await CrossTenant.asCompany(
      companyId,
      async () =>
        await this.prisma.$queryRaw<RotatedToken[]>`
      WITH old AS (
        UPDATE refresh_tokens t SET rotated_at = now()
         WHERE t.token = ${oldHash} AND t.rotated_at IS NULL AND NOT t.is_revoked AND t.expires_at > now()
           AND EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id AND u.is_active)
        RETURNING t.user_id, t.company_id, t.family_id, t.expires_at)
      INSERT INTO refresh_tokens (token, user_id, company_id, family_id, expires_at)
      SELECT ${newHash}, user_id, company_id, family_id, expires_at FROM old
      RETURNING user_id::text AS "userId", company_id::text AS "companyId", family_id::text AS "familyId", expires_at AS "expiresAt"`,
    );
    return rows[0] ?? null;
  }

  async findStoredToken(hash: string): Promise<StoredToken | null> {
    const companyId = await this.companyOfToken(hash);
    if (!companyId) return null;
    const rows = await CrossTenant.asCompany(
      companyId,
      async () =>
        await this.prisma.$queryRaw<StoredToken[]>`
      SELECT t.id::text AS id, t.user_id::text AS "userId", t.company_id::text AS "companyId", t.family_id::text AS "familyId",
             t.is_revoked AS "isRevoked", t.rotated_at AS "rotatedAt", t.expires_at AS "expiresAt",
             (t.rotated_at IS NOT NULL AND t.rotated_at = (SELECT max(o.rotated_at) FROM refresh_tokens o WHERE o.family_id = t.family_id)) AS "isLatestRotated"
        FROM refresh_tokens t WHERE t.token = ${hash}`,
    );
    return rows[0] ?? null;
  }

  async revokeFamily(companyId: string, familyId: string): Promise<number> {
    return CrossTenant.asCompany(companyId, async () => {
      const res = await this.prisma.refreshToken.updateMany({
        where: { familyId, isRevoked: false },
        data: { isRevoked: true, revokedAt: new Date() },
      });
      return res.count;
    });
  }

  async revokeAllForUser(companyId: string, userId: string, exceptFamilyId?: string): Promise<number> {
    return CrossTenant.asCompany(companyId, async () => {
      const res = await this.prisma.refreshToken.updateMany({
        where: { userId, isRevoked: false, ...(exceptFamilyId ? { NOT: { familyId: exceptFamilyId } } : {}) },
        data: { isRevoked: true, revokedAt: new Date() },
      });
      return res.count;
    });
  }
}
