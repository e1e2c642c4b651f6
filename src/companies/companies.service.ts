import { Injectable } from '@nestjs/common';
import { notFound } from '@app/common/errors/app-error';
import { CompaniesRepository } from './companies.repository';
import type { CompanyResponse, UpdateCompanyDto } from './dto/company.dto';

@Injectable()
export class CompaniesService {
  constructor(private readonly repo: CompaniesRepository) {}

  async getCurrent(): Promise<CompanyResponse> {
    const company = await this.repo.findCurrent();
    if (!company) throw notFound('Company');
    return company;
  }

  updateCurrent(dto: UpdateCompanyDto): Promise<CompanyResponse> {
    return this.repo.updateCurrent(dto);
  }
}
