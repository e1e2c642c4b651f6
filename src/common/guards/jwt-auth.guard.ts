import { ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { JwtStrategy } from '@app/auth/jwt.strategy';
import { IS_PUBLIC, PRINCIPAL_IN_QUERY, type AuthenticatedUser } from '../decorators/auth.decorators';

/** Global: every route needs a valid access token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private strategy?: JwtStrategy;

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ principalCheckedInQuery?: boolean; user?: AuthenticatedUser }>();
    if (this.reflector.get<boolean>(PRINCIPAL_IN_QUERY, context.getHandler())) request.principalCheckedInQuery = true;
    // A token this app verified before skips passport and jsonwebtoken; its user is checked exactly as `validate` checks it.
    this.strategy ??= this.moduleRef.get(JwtStrategy, { strict: false });
    const known = this.strategy.fromVerified(request);
    if (known) {
      return known.then((user) => {
        request.user = user;
        return true;
      });
    }
    return super.canActivate(context);
  }
}
