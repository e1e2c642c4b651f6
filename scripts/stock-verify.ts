import { Logger } from '@nestjs/common';
import { loadConfig, withDevelopmentSecrets } from '../src/config/app-config';
import { resolveDatabase } from '../src/database/resolve-database';
import { PrismaService } from '../src/database/prisma.service';
import { StockIntegrityService } from '../src/stock-integrity/stock-integrity.service';

/** `npm run stock:verify`: checks the ledger invariant for every company; exits 1 on drift. */
async function main(): Promise<number> {
  const base = loadConfig(withDevelopmentSecrets(process.env));
  const database = await resolveDatabase(base);
  const config = { ...base, databaseUrl: database.url };
  const prisma = new PrismaService(config);
  try {
    const report = await new StockIntegrityService(prisma, config).verify();
    if (!report.ran) {
      console.log('Skipped: another process is verifying right now.');
      return 0;
    }
    if (report.drift.length === 0) {
      console.log(`OK: ${report.rows} inventory rows in ${report.companies} companies match their ledgers.`);
      return 0;
    }
    console.log(`DRIFT in ${report.drift.length} rows:`);
    console.table(report.drift);
    return 1;
  } finally {
    await prisma.onModuleDestroy();
    await database.release();
  }
}

Logger.overrideLogger(['error', 'warn']);
main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
