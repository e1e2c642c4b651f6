import { TokenCleanupService } from '../src/auth/token-cleanup.service';
import { runTool } from './tool-database';

/** `npm run tokens:cleanup`: the nightly refresh-token cleanup, run by hand. */
runTool(async (prisma, config) => {
  const result = await new TokenCleanupService(prisma, config).run();
  console.log(result.ran ? `Deleted ${result.deleted} refresh tokens.` : 'Skipped: another process is running the cleanup.');
  return 0;
});
