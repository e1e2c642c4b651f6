import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import type { AuthenticatedUser } from '@app/common/decorators/auth.decorators';
import { AuthRepository } from './auth.repository';
import type { AccessTokenClaims } from './tokens';

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

  async validate(req: { principalCheckedInQuery?: boolean }, claims: Partial<AccessTokenClaims>): Promise<AuthenticatedUser> {
    if (claims.typ !== 'access' || !claims.sub || !claims.cid || !claims.sid || !claims.role) {
      throw new UnauthorizedException('Invalid access token');
    }
    if (req.principalCheckedInQuery) {
      // The route's own statement checks the user before writing (see PrincipalCheckedInQuery).
      return { userId: claims.sub, companyId: claims.cid, role: claims.role, email: '', sessionId: claims.sid, principalVerified: false };
    }
    const principal = await this.repo.findSessionPrincipal(claims.sub, claims.sid);
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
