import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, PRINCIPAL_IN_QUERY } from '../decorators/auth.decorators';

/** Global: every route needs a valid access token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    if (this.reflector.get<boolean>(PRINCIPAL_IN_QUERY, context.getHandler())) {
      context.switchToHttp().getRequest<{ principalCheckedInQuery?: boolean }>().principalCheckedInQuery = true;
    }
    return super.canActivate(context);
  }
}
