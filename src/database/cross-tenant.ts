import { runWithDatabaseSettings } from './tenant-context';

/**
 * The narrow ways code crosses the tenant wall, each one a database setting that a row-level-security
 * policy reads (prisma/migrations/*_row_level_security):
 *
 * - `asCompany`: act for one named company without a request (after login found the user, the access
 *   token check for the company in the token, registration, the nightly jobs iterating companies);
 * - `forLogin`: see the one user row with this e-mail (`users_login_lookup`, SELECT only);
 * - `forRefreshToken`: see the one refresh-token row with this hash (`refresh_tokens_lookup`, SELECT only).
 *
 * Reachable only from the files allowed in eslint.config.mjs (auth, jobs, seed, tooling).
 */
export const CrossTenant = {
  asCompany<T>(companyId: string, fn: () => T): T {
    return runWithDatabaseSettings({ companyId }, fn);
  },
  forLogin<T>(email: string, fn: () => T): T {
    return runWithDatabaseSettings({ loginEmail: email }, fn);
  },
  forRefreshToken<T>(tokenHash: string, fn: () => T): T {
    return runWithDatabaseSettings({ refreshTokenHash: tokenHash }, fn);
  },
};
