import { StockIntegrityService, type VerifyReport } from '@app/stock-integrity/stock-integrity.service';
import type { TestApp } from './app';

/**
 * Runs stock:verify in the app (waiting while another suite's run holds the job lock) and keeps one
 * company's findings: the suites share the database, so other companies' rows are not theirs to judge.
 */
export async function verifyCompany(t: TestApp, companyId: string): Promise<Pick<VerifyReport, 'drift' | 'problems'>> {
  for (;;) {
    const report = await t.app.get(StockIntegrityService).verify();
    if (report.ran) {
      return {
        drift: report.drift.filter((d) => d.companyId === companyId),
        problems: report.problems.filter((p) => p.companyId === companyId),
      };
    }
    await new Promise((r) => setTimeout(r, 200)); // the job lock is another process's: nothing to await
  }
}
