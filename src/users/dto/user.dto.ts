import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsString, Length } from 'class-validator';
import { Role } from '@app/generated/prisma/client';
import { Trim } from '@app/common/dto/transforms';
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
