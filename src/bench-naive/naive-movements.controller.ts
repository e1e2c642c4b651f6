import { Body, Controller, HttpStatus, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Auth } from '@app/common/decorators/auth.decorators';
import { AppError } from '@app/common/errors/app-error';
import { InjectTenantPrisma, type TenantPrisma } from '@app/database/database.module';
import { TenantContext } from '@app/database/tenant-context';
import { CreateTransactionDto } from '@app/transactions/dto/transaction.dto';

/**
 * Benchmark contrast only (mounted when BENCH_NAIVE_ROUTE=true, never in normal runs): the
 * movement written the way it is often written — an interactive Prisma transaction that reads
 * the stock, checks it in JavaScript, updates and inserts, with awaits while the row is locked.
 */
@ApiExcludeController()
@Controller('bench/naive-transactions')
export class NaiveMovementsController {
  constructor(@InjectTenantPrisma() private readonly db: TenantPrisma) {}

  @Post()
  @Auth()
  async create(@Body() dto: CreateTransactionDto): Promise<{ id: string; balanceAfter: string }> {
    const { userId } = TenantContext.require();
    return this.db.$transaction(async (tx) => {
      const row = await tx.inventory.findFirst({ where: { warehouseId: dto.warehouseId, itemId: dto.itemId } });
      if (!row) throw new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Inventory not found');
      if (dto.type === 'OUTBOUND' && row.quantity.lessThan(dto.quantity)) {
        throw new AppError(HttpStatus.CONFLICT, 'INSUFFICIENT_STOCK', 'Insufficient stock');
      }
      const delta = dto.type === 'OUTBOUND' ? { decrement: dto.quantity } : { increment: dto.quantity };
      const updated = await tx.inventory.update({ where: { id: row.id }, data: { quantity: delta, lastSequence: { increment: 1 } } });
      const created = await tx.transaction.create({
        data: {
          type: dto.type,
          warehouseId: dto.warehouseId,
          itemId: dto.itemId,
          quantity: dto.quantity,
          balanceAfter: updated.quantity,
          sequence: updated.lastSequence,
          notes: dto.notes ?? null,
          createdBy: userId,
        } as never,
      });
      return { id: created.id, balanceAfter: updated.quantity.toFixed(2) };
    });
  }
}
