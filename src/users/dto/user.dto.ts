import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Role } from '@app/generated/prisma/client';
import { ToBoolean, Trim } from '@app/common/dto/transforms';
import { PageQuery } from '@app/common/dto/pagination.dto';
import { SortParam } from '@app/common/dto/sort';
import { EMAIL_DOC, EmailField } from '@app/common/dto/email';
import { IsAcceptablePassword } from '@app/common/security/password-policy';
import { OptionalNotNull } from '@app/common/dto/optional';

export class CreateUserDto {
  @ApiProperty({ maxLength: 254, description: EMAIL_DOC }) @EmailField() email!: string;
  @ApiProperty({ minLength: 2, maxLength: 100 }) @Trim() @IsString() @Length(2, 100) name!: string;
  @ApiProperty({ description: '8 to 72 bytes; common passwords are refused' }) @IsAcceptablePassword() password!: string;
  @ApiPropertyOptional({ enum: Role, default: Role.USER }) @OptionalNotNull() @IsEnum(Role) role?: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 100 }) @OptionalNotNull() @Trim() @IsString() @Length(2, 100) name?: string;
  @ApiPropertyOptional({ enum: Role }) @OptionalNotNull() @IsEnum(Role) role?: Role;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() isActive?: boolean;
}

export const USER_SORT_FIELDS = ['createdAt', 'updatedAt', 'lastLoginAt', 'name', 'email', 'role'] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

export class ListUsersQuery extends PageQuery {
  @SortParam(USER_SORT_FIELDS) sort?: string;

  @ApiPropertyOptional({ enum: Role }) @IsOptional() @IsEnum(Role) role?: Role;

  @ApiPropertyOptional({ description: 'true: active users only; false: deactivated ones only' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({ description: 'Case-insensitive match on name or email (% and _ match themselves)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;
}
