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

  @ApiProperty({ example: 'correct horse battery staple', description: '8 to 72 bytes; common passwords are refused' })
  @IsAcceptablePassword()
  password!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.com', maxLength: 254, description: EMAIL_DOC })
  @EmailField()
  email!: string;

  @ApiProperty({ example: 'password123' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'For non-browser clients; browsers send the refresh_token cookie instead' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ description: '8 to 72 bytes; common passwords are refused' })
  @IsAcceptablePassword()
  newPassword!: string;
}

export class TokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiProperty({ description: 'Also set as the httpOnly refresh_token cookie' }) refreshToken!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Absolute expiry of this login' }) refreshExpiresAt!: Date;
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
}
