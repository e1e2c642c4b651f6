import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { UNIT_NAMES, UNITS_OF_MEASURE, UnitList } from './dto/item.dto';

const UNITS: UnitList = { items: UNITS_OF_MEASURE.map((code) => ({ code, name: UNIT_NAMES[code] })) };

/** The units of measure an item may use. A fixed list: no service, no repository. */
@ApiTags('items')
@Controller('units')
export class UnitsController {
  @Get()
  @Auth()
  @ApiOkResponse({ type: UnitList, description: 'Every unit-of-measure code accepted for items' })
  list(): UnitList {
    return UNITS;
  }
}
