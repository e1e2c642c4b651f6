import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { Auth, AuthenticatedUser, CurrentUser, Public } from '@app/common/decorators/auth.decorators';
import { forbidden } from '@app/common/errors/app-error';
import { ownOrigin } from '@app/common/http/security-headers';
import { UserResponse } from '@app/users/dto/user.response';
import { UsersService } from '@app/users/users.service';
import { AuthService } from './auth.service';
import { AuthThrottlerGuard } from './auth-throttler.guard';
import { ChangePasswordDto, LoginDto, RefreshDto, RegisterDto, TokenResponse } from './dto/auth.dto';
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from './tokens';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('register')
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({ summary: 'Create a company and its first ADMIN user; returns tokens like login' })
  @ApiCreatedResponse({ type: TokenResponse })
  @ApiConflictResponse({ description: 'Email already registered' })
  @ApiTooManyRequestsResponse()
  async register(@Body() dto: RegisterDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponse> {
    return this.withCookie(reply, await this.auth.register(dto));
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(AuthThrottlerGuard)
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password, or a deactivated user' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this account from this IP, for this account, or from this IP' })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponse> {
    return this.withCookie(reply, await this.auth.login(dto.email, dto.password));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({ summary: 'Rotate the refresh token (cookie or body); a reused token revokes its whole family' })
  @ApiBody({
    type: RefreshDto,
    required: false,
    examples: {
      cookie: { summary: 'Browser (Swagger UI): the refresh_token cookie is sent', value: {} },
      body: { summary: 'Non-browser client: the token in the body', value: { refreshToken: '<refreshToken from login>' } },
    },
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Missing, unknown, expired, revoked or reused refresh token' })
  @ApiForbiddenResponse({ description: 'The refresh cookie sent by a browser from a foreign origin (not this API, not CORS_ORIGINS)' })
  @ApiTooManyRequestsResponse()
  async refresh(
    @Body() dto: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    const token = dto.refreshToken ?? this.cookieToken(req);
    return this.withCookie(reply, await this.auth.refresh(token));
  }

  @Post('logout')
  @HttpCode(204)
  @Auth()
  @ApiOperation({ summary: 'Revoke the refresh-token family of this login and clear the cookie' })
  async logout(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    this.cookieToken(req);
    await this.auth.logout(user.companyId, user.sessionId);
    this.clearCookie(reply);
  }

  @Post('logout-all')
  @HttpCode(204)
  @Auth()
  @ApiOperation({ summary: 'Revoke every refresh-token family of the user' })
  async logoutAll(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    this.cookieToken(req);
    await this.auth.logoutAll(user.companyId, user.userId);
    this.clearCookie(reply);
  }

  @Get('me')
  @Auth()
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return this.users.get(user.userId);
  }

  @Patch('password')
  @HttpCode(204)
  @Auth()
  @ApiOperation({ summary: "Change the password; the user's other sessions are revoked" })
  async changePassword(@CurrentUser() user: AuthenticatedUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user.companyId, user.userId, user.sessionId, dto.currentPassword, dto.newPassword);
  }

  /**
   * The refresh cookie, refused when a browser sends it from a foreign origin: one that is neither the
   * API's own (Swagger UI at /docs) nor in the CORS allow-list (SameSite=Strict already stops most of
   * this; this is the second lock).
   */
  private cookieToken(req: FastifyRequest): string | undefined {
    const token = req.cookies?.[REFRESH_COOKIE];
    const origin = req.headers.origin;
    if (token && origin !== undefined && origin !== ownOrigin(req, this.config) && !this.config.corsOrigins.includes(origin)) {
      throw forbidden('Cross-origin request with credentials refused');
    }
    return token;
  }

  private withCookie(reply: FastifyReply, tokens: TokenResponse): TokenResponse {
    void reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.refresh.cookieSecure,
      path: REFRESH_COOKIE_PATH,
      expires: tokens.refreshExpiresAt,
    });
    return tokens;
  }

  private clearCookie(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.refresh.cookieSecure,
      path: REFRESH_COOKIE_PATH,
    });
  }
}
