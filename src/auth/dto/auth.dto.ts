import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '@app/common/dto/transforms';
import { EMAIL_DOC, EmailField } from '@app/common/dto/email';
import { UserResponse } from '@app/users/dto/user.response';
import { IsAcceptablePassword } from '@app/common/security/password-policy';

export class RegisterDto {
  @ApiProperty({ example: 'Acme Logistics', minLength: 2, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(2, 100)
  companyName!: string;

  @ApiProperty({ example: 'contact@acme.example', maxLength: 254, description: EMAIL_DOC })
  @EmailField()
  companyEmail!: string;

  @ApiProperty({ example: 'Ada Admin', minLength: 2, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(2, 100)
  name!: string;

  @ApiProperty({ example: 'ada@acme.example', maxLength: 254, description: EMAIL_DOC })
  @EmailField()
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: 8,
    maxLength: 72,
    description: '8 to 72 bytes; common passwords are refused',
  })
  @IsAcceptablePassword()
  password!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.com', maxLength: 254, description: EMAIL_DOC })
  @EmailField()
  email!: string;

  @ApiProperty({ example: 'password123', maxLength: 1024 })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'For non-browser clients; browsers send the refresh_token cookie instead' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 1024, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({
    minLength: 8,
    maxLength: 72,
    example: 'another long passphrase',
    description: '8 to 72 bytes; common passwords are refused',
  })
  @IsAcceptablePassword()
  newPassword!: string;
}

export class TokenResponse {
  @ApiProperty({ maxLength: 4096 }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiProperty({ maxLength: 200, description: 'Also set as the httpOnly refresh_token cookie' }) refreshToken!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Absolute expiry of this login' }) refreshExpiresAt!: Date;
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
}
