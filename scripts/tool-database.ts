import { loadConfig, withDevelopmentSecrets } from '../src/config/app-config';
import { resolveDatabase, type ResolvedDatabase } from '../src/database/resolve-database';

/** The database the npm scripts work on: DATABASE_URL, or the same embedded server `npm start` uses. */
export async function resolveDatabaseUrlForTools(): Promise<ResolvedDatabase> {
  return resolveDatabase(loadConfig(withDevelopmentSecrets(process.env)));
}
