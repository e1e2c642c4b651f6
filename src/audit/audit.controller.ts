import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { AuditEventPage, ListAuditEventsQuery } from './dto/audit-event.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ReadsFromReplica()
  @Auth('ADMIN')
  @ApiOkResponse({ type: AuditEventPage, description: 'Who changed what, newest first' })
  list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPage> {
    return this.audit.list(query);
  }
}
