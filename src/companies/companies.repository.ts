import { Injectable } from '@nestjs/common';
import { InjectTenantPrisma, type TenantPrisma } from '@app/database/database.module';
import { TenantContext } from '@app/database/tenant-context';

const COMPANY = { id: true, name: true, email: true, phone: true, address: true, currency: true, createdAt: true, updatedAt: true } as const;

@Injectable()
export class CompaniesRepository {
  constructor(@InjectTenantPrisma() private readonly db: TenantPrisma) {}

  /** The scoped client pins `id` to the current company, whatever is asked for. */
  findCurrent() {
    return this.db.company.findFirst({ where: { id: TenantContext.require().companyId }, select: COMPANY });
  }

  updateCurrent(data: { name?: string; phone?: string | null; address?: string | null; currency?: string }) {
    return this.db.company.update({ where: { id: TenantContext.require().companyId }, data, select: COMPANY });
  }
}
