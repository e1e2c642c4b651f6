import { HttpStatus, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { Prisma } from '@app/generated/prisma/client';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { AppError, unauthorized } from '@app/common/errors/app-error';
import { PasswordHasher } from '@app/common/security/password-hasher';
import { toUserResponse } from '@app/users/dto/user.response';
import { AuthRepository, LoginCandidate } from './auth.repository';
import type { RegisterDto, TokenResponse } from './dto/auth.dto';
import { AccessTokenClaims, hashToken, newRefreshToken } from './tokens';

const INVALID_CREDENTIALS = 'Invalid email or password';
const INVALID_REFRESH = 'Invalid or expired refresh token';

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);
  /** Compared against when the email is unknown, so every failed login costs one bcrypt compare. */
  private dummyHash = '';

  constructor(
    private readonly repo: AuthRepository,
    private readonly jwt: JwtService,
    private readonly passwords: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.passwords.hash(randomUUID());
  }

  hashPassword(password: string): Promise<string> {
    return this.passwords.hash(password);
  }

  async register(dto: RegisterDto): Promise<TokenResponse> {
    const passwordHash = await this.hashPassword(dto.password);
    let user: LoginCandidate;
    try {
      user = await this.repo.createCompanyWithAdmin({ ...dto, passwordHash });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw new AppError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', 'That user email or company email is already registered');
      }
      throw err;
    }
    return this.startSession(user);
  }

  async login(email: string, password: string): Promise<TokenResponse> {
    const user = await this.repo.findLoginCandidate(email);
    // Same work and same answer for unknown email, wrong password and deactivated user.
    const matches = await this.passwords.compare(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches || !user.isActive) throw unauthorized(INVALID_CREDENTIALS);
    await this.repo.recordLogin(user.companyId, user.id);
    return this.startSession({ ...user, lastLoginAt: new Date() });
  }

  async refresh(presented: string | undefined): Promise<TokenResponse> {
    if (!presented) throw unauthorized(INVALID_REFRESH);
    const oldHash = hashToken(presented);
    const next = newRefreshToken();
    const rotated = await this.repo.rotate(oldHash, hashToken(next));
    if (!rotated) {
      await this.handleFailedRotation(oldHash);
      throw unauthorized(INVALID_REFRESH);
    }
    return this.issue(rotated.companyId, rotated.userId, rotated.familyId, rotated.expiresAt, next);
  }

  private async handleFailedRotation(hash: string): Promise<void> {
    const stored = await this.repo.findStoredToken(hash);
    if (!stored || stored.isRevoked || !stored.rotatedAt) return;
    const graceMs = this.config.refresh.reuseGraceSeconds * 1000;
    if (graceMs > 0 && stored.isLatestRotated && Date.now() - stored.rotatedAt.getTime() <= graceMs) {
      this.logger.warn(
        { event: 'refresh_token_race', familyId: stored.familyId, userId: stored.userId },
        'Rotated refresh token presented within the grace window',
      );
      return;
    }
    const revoked = await this.repo.revokeFamily(stored.companyId, stored.familyId);
    this.logger.warn(
      { event: 'refresh_token_reuse', familyId: stored.familyId, userId: stored.userId, revoked },
      'Reuse of a rotated refresh token: the whole token family is revoked',
    );
  }

  async logout(companyId: string, familyId: string): Promise<void> {
    await this.repo.revokeFamily(companyId, familyId);
  }

  async logoutAll(companyId: string, userId: string): Promise<void> {
    await this.repo.revokeAllForUser(companyId, userId);
  }

  async changePassword(companyId: string, userId: string, familyId: string, current: string, next: string): Promise<void> {
    const stored = await this.repo.findPasswordHash(companyId, userId);
    if (!stored || !(await this.passwords.compare(current, stored.passwordHash))) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'WRONG_PASSWORD', 'currentPassword is not correct');
    }
    await this.repo.updatePasswordHash(companyId, userId, await this.hashPassword(next));
    await this.repo.revokeAllForUser(companyId, userId, familyId);
  }

  private async startSession(user: LoginCandidate): Promise<TokenResponse> {
    const familyId = randomUUID();
    const expiresAt = new Date(Date.now() + this.config.refresh.ttlDays * 86_400_000);
    const token = newRefreshToken();
    await this.repo.insertRefreshToken({ tokenHash: hashToken(token), userId: user.id, companyId: user.companyId, familyId, expiresAt });
    return this.tokenResponse(user, familyId, expiresAt, token);
  }

  private tokenResponse(user: LoginCandidate, familyId: string, expiresAt: Date, refreshToken: string): TokenResponse {
    const claims: AccessTokenClaims = { sub: user.id, cid: user.companyId, role: user.role, sid: familyId, typ: 'access' };
    return {
      accessToken: this.jwt.sign(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.accessTtlSeconds,
      refreshToken,
      refreshExpiresAt: expiresAt,
      user: toUserResponse(user),
    };
  }

  private async issue(companyId: string, userId: string, familyId: string, expiresAt: Date, refreshToken: string): Promise<TokenResponse> {
    const user = await this.repo.findUserById(companyId, userId);
    if (!user) throw unauthorized(INVALID_REFRESH);
    return this.tokenResponse(user, familyId, expiresAt, refreshToken);
  }
}
