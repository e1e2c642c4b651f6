import { ApiPasswordHashing } from '@app/common/http/openapi';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiConflictResponse, ApiOperation } from '@nestjs/swagger';
import { ReadsFromReplica } from '@app/common/decorators/reads-from-replica.decorator';
import { Auth, AuthenticatedUser, CurrentUser } from '@app/common/decorators/auth.decorators';
import { ApiPageResponse, Page } from '@app/common/dto/pagination.dto';
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
  @ApiOperation({ summary: 'List the users of your company' })
  @ApiPageResponse(UserResponse)
  list(@Query() query: ListUsersQuery): Promise<Page<UserResponse>> {
    return this.users.list(query);
  }

  @Post()
  @ApiPasswordHashing()
  @ApiCreatedResponse({ type: UserResponse })
  @ApiOperation({ summary: 'Create a user in your company' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN: the email is already registered' })
  create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'Get a user' })
  get(@Param('id', UuidParam()) id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiOperation({ summary: 'Change a user (name, role, active)' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN, SELF_LOCKOUT (demoting or deactivating yourself) or LAST_ADMIN' })
  update(@CurrentUser() actor: AuthenticatedUser, @Param('id', UuidParam()) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(actor.userId, id, dto);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse, description: 'Deactivates the user (users are never hard-deleted)' })
  @ApiOperation({ summary: 'Deactivate a user (never hard-deleted)' })
  @ApiConflictResponse({ description: 'SELF_LOCKOUT or LAST_ADMIN' })
  deactivate(@CurrentUser() actor: AuthenticatedUser, @Param('id', UuidParam()) id: string): Promise<UserResponse> {
    return this.users.update(actor.userId, id, { isActive: false });
  }
}
