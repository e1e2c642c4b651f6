import { HttpStatus, Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { PasswordHasher } from '@app/common/security/password-hasher';
import { AppError, notFound } from '@app/common/errors/app-error';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import { parseSort } from '@app/common/dto/sort';
import { toUserResponse, UserResponse } from './dto/user.response';
import { USER_SORT_FIELDS, type CreateUserDto, type ListUsersQuery, type UpdateUserDto } from './dto/user.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async get(id: string): Promise<UserResponse> {
    const user = await this.repo.findById(id);
    if (!user) throw notFound('User');
    return toUserResponse(user);
  }

  async list(query: ListUsersQuery): Promise<Page<UserResponse>> {
    const filter = { role: query.role, isActive: query.isActive, search: query.search };
    const { items, total } = await this.repo.list(filter, parseSort(query.sort, USER_SORT_FIELDS), skipOf(query), query.limit);
    return toPage(items.map(toUserResponse), total, query);
  }

  async create(dto: CreateUserDto): Promise<UserResponse> {
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      return toUserResponse(await this.repo.create({ email: dto.email, name: dto.name, passwordHash, role: dto.role ?? 'USER' }));
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw new AppError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', 'That email is already registered');
      }
      throw err;
    }
  }

  async update(actorId: string, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const updated = await this.repo.updateGuarded(id, dto, (current, otherActiveAdmins) => {
      const demoting = current.role === 'ADMIN' && dto.role !== undefined && dto.role !== 'ADMIN';
      const deactivating = current.isActive && dto.isActive === false;
      if (id === actorId && (demoting || deactivating)) {
        throw new AppError(HttpStatus.CONFLICT, 'SELF_LOCKOUT', 'You cannot deactivate or demote yourself');
      }
      if (current.role === 'ADMIN' && current.isActive && (demoting || deactivating) && otherActiveAdmins === 0) {
        throw new AppError(HttpStatus.CONFLICT, 'LAST_ADMIN', 'The last active admin cannot be deactivated or demoted');
      }
    });
    if (!updated) throw notFound('User');
    const roleChanged = dto.role !== undefined;
    if (dto.isActive === false || roleChanged) await this.repo.revokeSessions(id);
    return toUserResponse(updated);
  }
}
