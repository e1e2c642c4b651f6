import { Module } from '@nestjs/common';
import { CustomersController } from './customers.controller';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';
import { SuppliersController } from './suppliers.controller';

@Module({ controllers: [SuppliersController, CustomersController], providers: [PartnersService, PartnersRepository] })
export class PartnersModule {}
