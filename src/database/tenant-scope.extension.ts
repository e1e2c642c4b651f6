import { Prisma } from '@app/generated/prisma/client';
import { TenantContext } from './tenant-context';

/**
 * Company scoping for every model operation, in one place. Reads and writes get the company of
 * the current request in their `where`; creates get it in their data. With no company in
 * context the query is refused (fails closed). Models without a company column are refused too:
 * code that must cross tenants uses the explicitly named unscoped client (PrismaService).
 */
const SCOPED_BY_COMPANY_ID = new Set<string>(['User', 'RefreshToken', 'Warehouse', 'Item', 'Inventory', 'Transaction', 'IdempotencyKey']);

type Args = Record<string, unknown>;
type Where = Record<string, unknown> | undefined;

export class UnscopedModelError extends Error {
  constructor(model: string, operation: string) {
    super(`${model}.${operation} is not available on the tenant-scoped client`);
    this.name = 'UnscopedModelError';
  }
}

function scopeWhere(model: string, where: Where, companyId: string): Record<string, unknown> {
  const key = model === 'Company' ? 'id' : 'companyId';
  // ANDed with whatever the caller asked: asking for another company's rows finds nothing.
  // (AND is allowed in unique wheres too, so findUnique/update/delete keep their unique field.)
  const given = where?.AND;
  const and: unknown[] = given === undefined ? [] : Array.isArray(given) ? (given as unknown[]) : [given];
  return { ...(where ?? {}), AND: [...and, { [key]: companyId }] };
}

/** Creates always carry the context's company, whatever the data said. */
function scopeData(data: unknown, companyId: string): unknown {
  if (Array.isArray(data)) return data.map((row) => ({ ...(row as Args), companyId }));
  return { ...(data as Args), companyId };
}

export function scopeArgs(model: string, operation: string, args: Args, companyId: string): Args {
  if (model === 'Company') {
    switch (operation) {
      case 'findUnique':
      case 'findUniqueOrThrow':
      case 'findFirst':
      case 'findFirstOrThrow':
      case 'update':
      case 'count':
        return { ...args, where: scopeWhere(model, args.where as Where, companyId) };
      default:
        throw new UnscopedModelError(model, operation);
    }
  }
  if (!SCOPED_BY_COMPANY_ID.has(model)) throw new UnscopedModelError(model, operation);
  switch (operation) {
    case 'create':
      return { ...args, data: scopeData(args.data, companyId) };
    case 'createMany':
    case 'createManyAndReturn':
      return { ...args, data: scopeData(args.data, companyId) };
    case 'upsert':
      return {
        ...args,
        where: scopeWhere(model, args.where as Where, companyId),
        create: scopeData(args.create, companyId),
      };
    case 'findUnique':
    case 'findUniqueOrThrow':
    case 'findFirst':
    case 'findFirstOrThrow':
    case 'findMany':
    case 'count':
    case 'aggregate':
    case 'groupBy':
    case 'update':
    case 'updateMany':
    case 'updateManyAndReturn':
    case 'delete':
    case 'deleteMany':
      return { ...args, where: scopeWhere(model, args.where as Where, companyId) };
    default:
      throw new UnscopedModelError(model, operation);
  }
}

export const tenantScopeExtension = Prisma.defineExtension({
  name: 'tenant-scope',
  query: {
    $allModels: {
      $allOperations({ model, operation, args, query }) {
        const { companyId } = TenantContext.require();
        return query(scopeArgs(model, operation, args ?? {}, companyId));
      },
    },
  },
});
