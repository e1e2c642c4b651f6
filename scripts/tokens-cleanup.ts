import { Logger } from '@nestjs/common';
import { loadConfig, withDevelopmentSecrets } from '../src/config/app-config';
import { resolveDatabase } from '../src/database/resolve-database';
import { PrismaService } from '../src/database/prisma.service';
import { TokenCleanupService } from '../src/auth/token-cleanup.service';

/** `npm run tokens:cleanup`: the nightly refresh-token cleanup, run by hand. */
async function main(): Promise<void> {
  const base = loadConfig(withDevelopmentSecrets(process.env));
  const database = await resolveDatabase(base);
  const config = { ...base, databaseUrl: database.url };
  const prisma = new PrismaService(config);
  try {
    const result = await new TokenCleanupService(prisma, config).run();
    console.log(result.ran ? `Deleted ${result.deleted} refresh tokens.` : 'Skipped: another process is running the cleanup.');
  } finally {
    await prisma.onModuleDestroy();
    await database.release();
  }
}

Logger.overrideLogger(['error', 'warn']);
main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
