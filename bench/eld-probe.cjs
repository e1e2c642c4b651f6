// Preloaded into the API process by the benchmark (node -r): samples event-loop delay and
// writes its percentiles to BENCH_ELD_FILE every 200 ms. SIGUSR2 resets the histogram.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_ELD_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  process.on('SIGUSR2', () => histogram.reset());
  setInterval(() => {
    const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
    writeFileSync(file, JSON.stringify({ p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) }));
  }, 200).unref();
}
