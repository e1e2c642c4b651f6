import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@app/generated/prisma/client';

export const IS_PUBLIC = 'auth:isPublic';
export const ROLES = 'auth:roles';
export const PRINCIPAL_IN_QUERY = 'auth:principalInQuery';

/** Everything is authenticated unless marked public. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const ALL_ROLES: readonly Role[] = ['ADMIN', 'MANAGER', 'USER'];

/**
 * Declares who may call a route and documents it in Swagger. A non-public route without this
 * decorator is refused for everyone (deny by default).
 */
export const Auth = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES, roles.length > 0 ? roles : ALL_ROLES),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' }),
    ApiForbiddenResponse({ description: `Allowed roles: ${(roles.length > 0 ? roles : ALL_ROLES).join(', ')}` }),
  );

/**
 * For a hot write route whose single SQL statement re-checks the user itself (active, same role,
 * same company, login not revoked) before it writes anything: the guard then verifies only the
 * token's signature and claims, saving one database round trip per request. The route must
 * refuse the request with 401 when its statement reports the principal invalid.
 */
export const PrincipalCheckedInQuery = (): MethodDecorator => SetMetadata(PRINCIPAL_IN_QUERY, true);

export interface AuthenticatedUser {
  readonly userId: string;
  readonly companyId: string;
  readonly role: Role;
  readonly email: string;
  /** Refresh-token family of the login this access token belongs to. */
  readonly sessionId: string;
  /** False when the route re-checks the user in its own query (@PrincipalCheckedInQuery). */
  readonly principalVerified: boolean;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  if (!user) throw new Error('CurrentUser used on a route without authentication');
  return user;
});

/** The company of the authenticated user: the only source of the tenant. */
export const CurrentCompany = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  if (!user) throw new Error('CurrentCompany used on a route without authentication');
  return user.companyId;
});
