import { Module } from '@nestjs/common';
import { InventoryModule } from '@app/inventory/inventory.module';
import { WarehousesController } from './warehouses.controller';
import { WarehousesRepository } from './warehouses.repository';
import { WarehousesService } from './warehouses.service';

@Module({ imports: [InventoryModule], controllers: [WarehousesController], providers: [WarehousesService, WarehousesRepository] })
export class WarehousesModule {}
