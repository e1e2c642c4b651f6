import { StockIntegrityService } from '../src/stock-integrity/stock-integrity.service';
import { runTool } from './tool-database';

/** `npm run stock:verify`: checks the ledger invariant for every company; exits 1 on drift. */
runTool(async (prisma, config) => {
  const report = await new StockIntegrityService(prisma, config).verify();
  if (!report.ran) {
    console.log('Skipped: another process is verifying right now.');
    return 0;
  }
  if (report.drift.length === 0 && report.problems.length === 0) {
    console.log(`OK: ${report.rows} inventory rows in ${report.companies} companies match their ledgers.`);
    return 0;
  }
  if (report.drift.length > 0) {
    console.log(`DRIFT in ${report.drift.length} rows:`);
    console.table(report.drift);
  }
  if (report.problems.length > 0) {
    console.log(`${report.problems.length} PROBLEMS (transfers, reservations, item stock, average cost):`);
    console.table(report.problems);
  }
  return 1;
});
