import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentsMeasure } from './arms/documents';
import { FIXED_RATE_P99_MS, fixedRateSection, type FixedRateResult } from './arms/fixed-rate';
import { WEBHOOK_TARGET, integrationSection, type IntegrationMeasure } from './arms/integration';
import { LOGIN_BURST_TARGET, loginBurstSection, type LoginBurstResult } from './arms/login-burst';
import { SIZE_TARGET, sizesSection, type SizeRow } from './arms/sizes';
import { scaleOutSection, type ScaleOutResult } from './arms/scale-out';
import type { Check } from './checks';
import {
  API_POOL_SIZE,
  CONCURRENCY,
  LOGIN_BURST,
  LOGIN_CONCURRENCY,
  QUICK_MODE,
  ROOT,
  median,
  round,
  shape,
  timing,
  type ArmResult,
} from './common';

export interface ReportInput {
  /** In order: movements random, hot; naive random, hot; pgbench random, hot; then the read arms. */
  results: ArmResult[];
  checks: Check[];
  loginRuns: number[];
  movementRuns: number[];
  plans: string;
  seqScans: boolean;
  bcryptRate: number;
  rssEnd: number;
  /** The API's peak RSS since start-up (sampled every 250 ms), over every arm and between them. */
  rssRunPeak?: number;
  /** Issue 15: reads at two company sizes, fixed-rate arms, the login burst. */
  sizes?: SizeRow[];
  fixedRate?: FixedRateResult[];
  loginBurst?: LoginBurstResult;
  /** Issue 14: webhooks and the CSV export (bench/arms/integration.ts). */
  integration?: IntegrationMeasure;
  versions: { postgres: string; node: string; cpus: string; memory: string };
  serverKind: string;
  seeded: number;
  scaleOut?: ScaleOutResult;
  /** Receipts and shipments of 500 lines (bench/arms/documents.ts). */
  documents?: DocumentsMeasure;
  /** 'wrk' or 'autocannon'. */
  generator: string;
}

/** The documents rows: time per document, and movements/s against plain POST /transactions (one movement per request). */
function documentsTable(d: DocumentsMeasure, movementRps: number): string {
  const perSecond = (ms: number) => round((d.lines * 1000) / ms);
  return [
    `| documents of ${d.lines} lines (${d.documents} posted, one at a time unless said) | ms per document | movements/s | vs POST /transactions (${round(movementRps)} movements/s) |`,
    '|---|---:|---:|---:|',
    `| POST /receipts (draft) | ${d.draftMs} | | |`,
    `| POST /receipts/:id/post (${d.lines} INBOUND, one transaction; max ${d.receiptPostMaxMs} ms) | ${d.receiptPostMs} | ${perSecond(d.receiptPostMs)} | ${round(perSecond(d.receiptPostMs) / movementRps, 2)}× |`,
    `| 4 receipts posted at once | | ${d.concurrentMovementsPerSecond} | ${round(d.concurrentMovementsPerSecond / movementRps, 2)}× |`,
    `| POST /shipments/:id/confirm (${d.lines} reservations) | ${d.shipmentConfirmMs} | ${perSecond(d.shipmentConfirmMs)} | |`,
    `| POST /shipments/:id/post (${d.lines} OUTBOUND from them) | ${d.shipmentPostMs} | ${perSecond(d.shipmentPostMs)} | ${round(perSecond(d.shipmentPostMs) / movementRps, 2)}× |`,
  ].join('\n');
}

/** The report writer: tables, targets, correctness and plans; the latest run goes into docs/benchmarks.md. */
export function writeReport(input: ReportInput): void {
  const { results, checks, loginRuns, movementRuns, plans, seqScans, bcryptRate, rssEnd, versions, serverKind, seeded, documents } = input;
  const byKey = (key: string): ArmResult => {
    const found = results.find((r) => r.key === key);
    if (!found) throw new Error(`bench report: no arm ${key}`);
    return found;
  };
  const random = byKey('movements-random');
  const hot = byKey('movements-hot');
  const naive = byKey('naive-random');
  const naiveHot = byKey('naive-hot');
  const pgRandom = byKey('pgbench-api-random');
  const pgHot = byKey('pgbench-api-hot');
  const minRandom = byKey('pgbench-minimal-random');
  const minHot = byKey('pgbench-minimal-hot');
  const ceilRandom = byKey('ceiling-random');
  const ceilHot = byKey('ceiling-hot');
  const pct = (a: number, b: number) => `${round((100 * a) / b)} %`;
  const loginRps = median(loginRuns);
  const movesWithLogin = median(movementRuns);
  const maxRss = Math.max(...results.map((r) => r.rssMb ?? 0), rssEnd, input.rssRunPeak ?? 0);
  const eldWorst = results
    .filter((r) => r.eldP99 !== undefined && Number.isFinite(r.eldP99))
    .sort((a, b) => (b.eldP99 ?? 0) - (a.eldP99 ?? 0))[0];
  // The arms with a target of their own (fixed rate, sizes, integration, login burst) are not in the 50 ms one.
  const ownTarget = /^(pgbench|naive|ceiling|size|rate|webhooks|export|login-burst)-/;
  const targets: Array<[string, boolean, string]> = [
    [
      'movements, random rows ≥ 60 % of pgbench with the minimal SQL',
      random.rps >= 0.6 * minRandom.rps,
      `${pct(random.rps, minRandom.rps)} (bare Fastify + pg: ${pct(ceilRandom.rps, minRandom.rps)})`,
    ],
    [
      'movements, one hot row ≥ 80 % of pgbench with the minimal SQL',
      hot.rps >= 0.8 * minHot.rps,
      `${pct(hot.rps, minHot.rps)} (bare Fastify + pg: ${pct(ceilHot.rps, minHot.rps)})`,
    ],
    ["movements, random rows vs pgbench with the API's statement", true, pct(random.rps, pgRandom.rps)],
    ["movements, one hot row vs pgbench with the API's statement", true, pct(hot.rps, pgHot.rps)],
    ['≥ 2× the naive baseline (random rows)', random.rps >= 2 * naive.rps, `${round(random.rps / naive.rps, 2)}×`],
    ['≤ half the naive baseline p99 (random rows)', random.p99 <= naive.p99 / 2, `${random.p99} vs ${naive.p99} ms`],
    [
      'p99 < 50 ms: movements and reads',
      results.filter((r) => !ownTarget.test(r.key ?? '')).every((r) => r.p99 < 50),
      results
        .filter((r) => !ownTarget.test(r.key ?? ''))
        .map((r) => `${r.p99}`)
        .join(' / ') + ' ms',
    ],
    [
      'API RSS < 250 MB throughout (every arm, sampled every 250 ms from start-up)',
      maxRss < 250,
      `peak ${maxRss} MB${eldWorst ? `; event-loop delay p99 per arm in the table (worst: ${eldWorst.eldP99} ms, ${eldWorst.arm})` : ''}`,
    ],
    ...(input.fixedRate ?? []).map((r): [string, boolean, string] => [
      `fixed rate (half of max): ${r.arm.replace(/^fixed rate \d+ req\/s \(half of max\): /, '')} p99 < ${FIXED_RATE_P99_MS} ms`,
      r.p99 < FIXED_RATE_P99_MS,
      `${r.p99} ms at ${round(r.rps)} of ${r.targetRps} req/s asked${r.database ? `; PostgreSQL alone at that rate (pgbench, same SQL): p99 ${r.database.p99} ms` : ''}`,
    ]),
    ...(input.loginBurst
      ? [
          [
            `movements during bursts of ${LOGIN_BURST} logins ≥ 60 % of movements alone`,
            input.loginBurst.during >= LOGIN_BURST_TARGET * input.loginBurst.alone,
            `${round((100 * input.loginBurst.during) / input.loginBurst.alone)} % (${round(input.loginBurst.during)} vs ${round(input.loginBurst.alone)} req/s); login p99 ${input.loginBurst.loginP99} ms; ${input.loginBurst.refused} × 503 with Retry-After`,
          ] as [string, boolean, string],
        ]
      : []),
    ...(input.sizes ?? []).map((r): [string, boolean, string] => [
      `${r.arm}: company L ≥ ${SIZE_TARGET * 100} % of company S req/s`,
      r.L.rps >= SIZE_TARGET * r.S.rps,
      `${round(r.L.rps / r.S.rps, 2)} (${round(r.L.rps)} vs ${round(r.S.rps)} req/s)`,
    ]),
    ...(input.integration
      ? [
          [
            'movements with 3 webhook endpoints ≥ 90 % of without (in-process dispatcher delivering meanwhile)',
            input.integration.with >= WEBHOOK_TARGET * input.integration.without,
            `${round((100 * input.integration.with) / input.integration.without)} % (${round(input.integration.with)} vs ${round(input.integration.without)} req/s)`,
          ] as [string, boolean, string],
          [
            'movements with 3 webhook endpoints ≥ 90 % of without (deliveries held: the outbox write path alone)',
            input.integration.held >= WEBHOOK_TARGET * input.integration.without,
            `${round((100 * input.integration.held) / input.integration.without)} % (${round(input.integration.held)} vs ${round(input.integration.without)} req/s)`,
          ] as [string, boolean, string],
          ['webhook delivery lag p99 (reported)', true, `p50 ${input.integration.lagP50} ms, p99 ${input.integration.lagP99} ms`] as [
            string,
            boolean,
            string,
          ],
          [
            `CSV export: API peak RSS < 250 MB during ${input.integration.exportRows.toLocaleString('en-US')} rows`,
            input.integration.exportRssPeakMb < 250,
            `peak ${input.integration.exportRssPeakMb} MB (before ${input.integration.exportRssBeforeMb} MB); ${input.integration.exportRowsPerSecond} rows/s`,
          ] as [string, boolean, string],
        ]
      : []),
    [
      'login ≥ 80 % of bcrypt alone',
      loginRps >= 0.8 * bcryptRate,
      `${round(loginRps)} vs ${round(bcryptRate)} /s (${round((100 * loginRps) / bcryptRate)} %)`,
    ],
    ['hot reads use indexes (no sequential scan of transactions or inventory)', !seqScans, seqScans ? 'see plans' : 'index scans only'],
    [
      'login does not slow movements much',
      movesWithLogin >= 0.5 * random.rps,
      `${round(movesWithLogin)} req/s with logins vs ${round(random.rps)} without`,
    ],
  ];

  const table = [
    '| arm | req/s | p50 ms | p99 ms | errors | non-2xx | API peak RSS MB | event-loop p99 ms | vs minimal SQL (pgbench) | vs naive |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => {
      const isHot = r.key?.endsWith('-hot') ?? r.arm.includes('hot');
      const vsMin = isHot ? minHot.rps : minRandom.rps;
      const vsNaive = isHot ? naiveHot.rps : naive.rps;
      const isMovement = /^(movements|ceiling|pgbench|naive)-/.test(r.key ?? '');
      return `| ${r.arm} | ${round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.rssMb ?? '—'} | ${r.eldP99 ?? '—'} | ${isMovement ? round(r.rps / vsMin, 2) + '×' : '—'} | ${r.key?.startsWith('movements-') ? round(r.rps / vsNaive, 2) + '×' : '—'} |`;
    }),
    `| POST /auth/login while movements run | ${round(loginRps)} | | | | | | | | |`,
    `| POST /transactions (random) while logins run | ${round(movesWithLogin)} | | | | | | | | |`,
    `| bcrypt.compare alone, ${LOGIN_CONCURRENCY} in flight (cost 12) | ${round(bcryptRate)} | | | | | | | | |`,
  ].join('\n');
  const targetTable = [
    '| target | met | measured |',
    '|---|---|---|',
    ...targets.map(([t, ok, m]) => `| ${t} | ${ok ? 'yes' : '**no**'} | ${m} |`),
  ].join('\n');
  const checkTable = [
    '| after | correct | detail |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.arm} | ${c.ok ? 'yes' : '**NO**'} | ${c.detail} |`),
  ].join('\n');
  const report = `## Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${QUICK_MODE ? 'quick mode: numbers are not meaningful' : 'full'})

Command: \`npm run bench${QUICK_MODE ? ' -- --quick' : ''}\`. Machine: ${versions.cpus}, ${versions.memory}; PostgreSQL ${versions.postgres} (${serverKind}); Node ${versions.node}.
Data: ${shape.companies} companies × ${shape.warehouses} warehouses × ${shape.items} items, ${seeded.toLocaleString('en-US')} historical movements over a year.
Load: ${input.generator}, ${CONCURRENCY} connections (logins: ${LOGIN_CONCURRENCY}; fixed-rate arms: the open-loop generator of bench/arms/open-loop.ts; login bursts: fetch from the bench process); pgbench 2 threads, \`-M extended\` (clients per arm in its name), as the superuser; the bare Fastify + pg server as the superuser too (the minimal SQL sets no tenant). Each arm: ${timing.warmup} s warm-up, ${timing.measure} s measured, ${timing.runs} run(s), medians, unless its section says otherwise. API started with WEBHOOK_ALLOW_PRIVATE_URLS=true and WEBHOOK_REQUIRE_HTTPS=false (the loopback receiver). API: compiled, NODE_ENV=production, LOG_LEVEL=info, pool ${API_POOL_SIZE}.

${table}

${documents ? `Documents (bench/arms/documents.ts):\n\n${documentsTable(documents, random.rps)}\n` : ''}
${scaleOutSection(input.scaleOut)}
${sizesSection(input.sizes ?? [])}
${fixedRateSection(input.fixedRate ?? [])}
${loginBurstSection(input.loginBurst)}
${integrationSection(input.integration)}
Targets:

${targetTable}

Correctness after the write arms:

${checkTable}

<details><summary>Query plans of the hot reads (EXPLAIN ANALYZE on this data set, company 1)</summary>

${plans}

</details>
`;
  console.log(`\n${report}`);
  const docPath = join(ROOT, 'docs', 'benchmarks.md');
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
  const marker = '<!-- bench:latest -->';
  const start = doc.indexOf(marker);
  const end = doc.indexOf('<!-- /bench:latest -->');
  const next =
    start >= 0 && end > start
      ? `${doc.slice(0, start + marker.length)}\n${report}\n${doc.slice(end)}`
      : `${doc}\n${marker}\n${report}\n<!-- /bench:latest -->\n`;
  if (!QUICK_MODE || process.argv.includes('--write-doc')) writeFileSync(docPath, next);
}
