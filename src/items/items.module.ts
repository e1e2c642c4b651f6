import { Module } from '@nestjs/common';
import { ItemsController } from './items.controller';
import { ItemsRepository } from './items.repository';
import { ItemsService } from './items.service';
import { UnitsController } from './units.controller';

@Module({ controllers: [ItemsController, UnitsController], providers: [ItemsService, ItemsRepository] })
export class ItemsModule {}
