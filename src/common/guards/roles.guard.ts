import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@app/generated/prisma/client';
import { forbidden } from '../errors/app-error';
import { AuthenticatedUser, IS_PUBLIC, ROLES } from '../decorators/auth.decorators';

/** Global, after authentication: a route must name its roles (@Auth) or nobody may call it. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES, targets);
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!roles || !user || !roles.includes(user.role)) {
      throw forbidden('Your role is not allowed to do this');
    }
    return true;
  }
}
