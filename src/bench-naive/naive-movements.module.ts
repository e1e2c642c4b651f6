import { Module } from '@nestjs/common';
import { NaiveMovementsController } from './naive-movements.controller';

@Module({ controllers: [NaiveMovementsController] })
export class NaiveMovementsModule {}
