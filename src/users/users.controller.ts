import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { Auth, AuthenticatedUser, CurrentUser } from '@app/common/decorators/auth.decorators';
import { Page } from '@app/common/dto/pagination.dto';
import { UuidParam } from '@app/common/pipes/uuid.pipe';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@Auth('ADMIN')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ReadsFromReplica()
  list(@Query() query: ListUsersQuery): Promise<Page<UserResponse>> {
    return this.users.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParam()) id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  update(@CurrentUser() actor: AuthenticatedUser, @Param('id', UuidParam()) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(actor.userId, id, dto);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse, description: 'Deactivates the user (users are never hard-deleted)' })
  deactivate(@CurrentUser() actor: AuthenticatedUser, @Param('id', UuidParam()) id: string): Promise<UserResponse> {
    return this.users.update(actor.userId, id, { isActive: false });
  }
}
