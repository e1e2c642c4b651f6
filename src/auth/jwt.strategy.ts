import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { ALL_ROLES, type AuthenticatedUser } from '@app/common/decorators/auth.decorators';
import type { Role } from '@app/generated/prisma/client';
import { AuthRepository } from './auth.repository';
import type { AccessTokenClaims } from './tokens';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();
/** Verified tokens remembered at once; beyond that the oldest is forgotten (and simply verified again). */
const VERIFIED_CACHE_SIZE = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/**
 * The claims of a well-formed access token, or undefined. A correct signature says who issued the
 * token, not that its claims have the shape the queries expect: ids must be UUIDs, the role one we
 * know, and `exp` must be present (jsonwebtoken accepts a token without one forever).
 */
export function accessClaims(payload: unknown): AccessTokenClaims | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  const valid =
    p.typ === 'access' &&
    isUuid(p.sub) &&
    isUuid(p.cid) &&
    isUuid(p.sid) &&
    typeof p.role === 'string' &&
    (ALL_ROLES as readonly string[]).includes(p.role) &&
    typeof p.exp === 'number' &&
    Number.isFinite(p.exp);
  return valid ? { sub: p.sub as string, cid: p.cid as string, sid: p.sid as string, role: p.role as Role, typ: 'access' } : undefined;
}

/**
 * Verifies the access token (HS256 only, issuer and audience checked) and then the user as the
 * database has it now: a deactivated user, a changed role or a revoked login is refused on the
 * very next request, not when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repo: AuthRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a
      // public key on every verify, which cost ~15 % of the CPU of an authenticated request.
      secretOrKey: createSecretKey(Buffer.from(config.jwt.accessSecret)) as unknown as string,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  /**
   * Tokens whose signature, algorithm, issuer and audience were verified, with their claims: a client sends
   * the same token for many requests, and verifying it (HMAC, base64, JSON) was ~5 % of a movement's CPU.
   * A token is an immutable string, so once verified it stays verified; its expiry is checked on every use.
   * Per instance (per app), bounded, oldest forgotten first.
   */
  private readonly verified = new Map<string, { claims: AccessTokenClaims; expiresAt: number }>();

  /** The user of a token this strategy verified before and that has not expired, checked as `validate` checks it. */
  fromVerified(req: { headers?: unknown; principalCheckedInQuery?: boolean }): Promise<AuthenticatedUser> | undefined {
    const token = bearerToken(req);
    if (!token) return undefined;
    const hit = this.verified.get(token);
    if (!hit) return undefined;
    if (hit.expiresAt <= Date.now()) {
      this.verified.delete(token);
      return undefined;
    }
    return this.principal(req, hit.claims);
  }

  async validate(req: { headers?: unknown; principalCheckedInQuery?: boolean }, payload: unknown): Promise<AuthenticatedUser> {
    const claims = accessClaims(payload);
    if (!claims) throw new UnauthorizedException('Invalid access token');
    const token = bearerToken(req);
    if (token) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { claims, expiresAt: (payload as { exp: number }).exp * 1000 });
    }
    return this.principal(req, claims);
  }

  private async principal(req: { principalCheckedInQuery?: boolean }, claims: AccessTokenClaims | undefined): Promise<AuthenticatedUser> {
    if (!claims) throw new UnauthorizedException('Invalid access token');
    if (req.principalCheckedInQuery) {
      // The route's own statement checks the user before writing (see PrincipalCheckedInQuery).
      return { userId: claims.sub, companyId: claims.cid, role: claims.role, email: '', sessionId: claims.sid, principalVerified: false };
    }
    const principal = await this.repo.findSessionPrincipal(claims.cid, claims.sub, claims.sid);
    if (
      !principal ||
      !principal.isActive ||
      !principal.sessionLive ||
      principal.companyId !== claims.cid ||
      principal.role !== claims.role
    ) {
      throw new UnauthorizedException('Access token is no longer valid');
    }
    return {
      userId: claims.sub,
      companyId: principal.companyId,
      role: principal.role,
      email: principal.email,
      sessionId: claims.sid,
      principalVerified: true,
    };
  }
}
