import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { CompaniesService } from './companies.service';
import { CompanyResponse, UpdateCompanyDto } from './dto/company.dto';

@ApiTags('companies')
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Get('me')
  @Auth()
  @ApiOkResponse({ type: CompanyResponse })
  @ApiOperation({ summary: 'Get your company' })
  me(): Promise<CompanyResponse> {
    return this.companies.getCurrent();
  }

  @Patch('me')
  @Auth('ADMIN')
  @ApiOkResponse({ type: CompanyResponse })
  @ApiOperation({ summary: 'Change your company (ADMIN)' })
  update(@Body() dto: UpdateCompanyDto): Promise<CompanyResponse> {
    return this.companies.updateCurrent(dto);
  }
}
