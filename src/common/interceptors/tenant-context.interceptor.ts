import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable } from 'rxjs';
import { TenantContext } from '@app/database/tenant-context';
import type { AuthenticatedUser } from '../decorators/auth.decorators';
import { READS_FROM_REPLICA } from '../decorators/reads-from-replica.decorator';

/**
 * Runs the handler (and its pipes) inside the tenant context of the authenticated user, so the
 * scoped Prisma client knows the company. Public routes run without one: scoped queries there fail.
 */
@Injectable()
export class TenantContextInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user) return next.handle();
    const scope = { companyId: user.companyId, userId: user.userId, role: user.role };
    const replica = this.reflector.getAllAndOverride<boolean | undefined>(READS_FROM_REPLICA, [context.getHandler(), context.getClass()]);
    return new Observable((subscriber) => TenantContext.run(scope, () => next.handle().subscribe(subscriber), { replica }));
  }
}
