import { Logger } from '@nestjs/common';
import type { AppConfig } from '../src/config/app-config';
import { loadConfig, withDevelopmentSecrets } from '../src/config/app-config';
import { PrismaService } from '../src/database/prisma.service';
import { resolveDatabase, type ResolvedDatabase } from '../src/database/resolve-database';

/** The database the npm scripts work on: DATABASE_URL, or the same embedded server `npm start` uses. */
export async function resolveDatabaseUrlForTools(): Promise<ResolvedDatabase> {
  return resolveDatabase(loadConfig(withDevelopmentSecrets(process.env)));
}

/**
 * Runs a maintenance command with a configured PrismaService, then closes the pool and any
 * embedded server, and exits with the command's code (1 on an error).
 */
export function runTool(work: (prisma: PrismaService, config: AppConfig) => Promise<number>): void {
  Logger.overrideLogger(['error', 'warn']);
  const run = async (): Promise<number> => {
    const base = loadConfig(withDevelopmentSecrets(process.env));
    const database = await resolveDatabase(base);
    const config = { ...base, databaseUrl: database.url };
    const prisma = new PrismaService(config);
    try {
      return await work(prisma, config);
    } finally {
      await prisma.onApplicationShutdown();
      await database.release();
    }
  };
  run()
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
