import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@app/common/decorators/auth.decorators';
import { DatabaseHealth } from '@app/database/database-health';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: DatabaseHealth,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicator.check('database');
        try {
          await this.database.ping();
          return check.up({ ...(await this.database.rlsStatus()) });
        } catch (err) {
          return check.down({ message: err instanceof Error ? err.message.slice(0, 200) : 'unreachable' });
        }
      },
    ]);
  }
}
