import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limits for register, login and refresh, per IP and per account (see AuthModule). */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {}
