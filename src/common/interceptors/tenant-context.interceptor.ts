import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { TenantContext } from '@app/database/tenant-context';
import type { AuthenticatedUser } from '../decorators/auth.decorators';

/**
 * Runs the handler (and its pipes) inside the tenant context of the authenticated user, so the
 * scoped Prisma client knows the company. Public routes run without one: scoped queries there fail.
 */
@Injectable()
export class TenantContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser; id?: string }>();
    const user = request.user;
    if (!user) return next.handle();
    const scope = { companyId: user.companyId, userId: user.userId, role: user.role, requestId: request.id };
    return new Observable((subscriber) => TenantContext.run(scope, () => next.handle().subscribe(subscriber)));
  }
}
