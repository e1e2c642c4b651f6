// Preloaded into the API process by the benchmark (node -r): samples event-loop delay and
// writes its percentiles to BENCH_ELD_FILE every 200 ms. SIGUSR2 resets the histogram.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_ELD_FILE;
/** The probe's timer interval. The histogram records the whole interval between two ticks (an idle loop reads ~10.2 ms). */
const RESOLUTION_MS = 10;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  process.on('SIGUSR2', () => histogram.reset());
  setInterval(() => {
    // The delay is what exceeds the interval: before 2026-12-07 the reports included the 10 ms interval itself.
    const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
    writeFileSync(file, JSON.stringify({ p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) }));
  }, 200).unref();
}
