import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '@app/common/decorators/auth.decorators';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import { answer, ApiIdempotencyKey, idempotencyKey } from '@app/ledger/idempotency-key';
import {
  CreateReservationDto,
  FulfilmentResponse,
  FulfilReservationDto,
  ListReservationsQuery,
  ReservationPage,
  ReservationResponse,
} from './dto/reservation.dto';
import { ReservationsService } from './reservations.service';

@ApiTags('reservations')
@Controller('reservations')
@Auth()
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post()
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ReservationResponse })
  @ApiNotFoundResponse({ description: 'Warehouse or item not in your company' })
  @ApiConflictResponse({
    description:
      'INSUFFICIENT_STOCK when available < quantity (available named; nothing changed), a deleted warehouse or item, or the Idempotency-Key in progress',
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body' })
  async create(
    @Body() dto: CreateReservationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReservationResponse> {
    return answer(reply, await this.reservations.reserve(dto, idempotencyKey(key)));
  }

  @Get()
  @ReadsFromReplica()
  @ApiOkResponse({ type: ReservationPage })
  list(@Query() query: ListReservationsQuery): Promise<ReservationPage> {
    return this.reservations.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ReservationResponse })
  @ApiNotFoundResponse({ description: 'No such reservation in your company' })
  get(@Param('id', UuidParam()) id: string): Promise<ReservationResponse> {
    return this.reservations.get(id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOkResponse({ type: ReservationResponse, description: 'RELEASED (or EXPIRED if it was already past its expiry)' })
  @ApiNotFoundResponse({ description: 'No such reservation in your company' })
  @ApiConflictResponse({ description: 'RESERVATION_NOT_ACTIVE: already released, fulfilled or expired' })
  release(@Param('id', UuidParam()) id: string): Promise<ReservationResponse> {
    return this.reservations.release(id);
  }

  @Post(':id/fulfil')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOkResponse({
    type: FulfilmentResponse,
    description: 'FULFILLED, with the OUTBOUND movement of the shipped quantity; the rest is released',
  })
  @ApiNotFoundResponse({ description: 'No such reservation in your company' })
  @ApiConflictResponse({
    description: 'RESERVATION_NOT_ACTIVE, RESERVATION_EXPIRED, a deleted warehouse or item, or the Idempotency-Key in progress',
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body' })
  async fulfil(
    @Param('id', UuidParam()) id: string,
    @Body() dto: FulfilReservationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FulfilmentResponse> {
    return answer(reply, await this.reservations.fulfil(id, dto, idempotencyKey(key)));
  }
}
