import { createHash, randomBytes } from 'node:crypto';

/** Opaque refresh token: 256 random bits. Only its SHA-256 is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AccessTokenClaims {
  sub: string;
  cid: string;
  role: 'ADMIN' | 'MANAGER' | 'USER';
  sid: string;
  typ: 'access';
}

export const REFRESH_COOKIE = 'refresh_token';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
