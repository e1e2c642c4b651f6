import { BUSY_UTILIZATION, pauseAfterFullRound, retryDelayMs } from './webhook-dispatcher';

describe('retry backoff', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0.999)).toBe(999);
    expect(retryDelayMs(4, 1000, 60_000, () => 0.999)).toBe(7992);
    expect(retryDelayMs(30, 1000, 60_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(0);
  });
});

describe('dispatcher pacing after a full round', () => {
  it('goes on at once while the process is not busy', () => {
    expect(pauseAfterFullRound(40, 0.3, 10)).toBe(2);
    expect(pauseAfterFullRound(40, BUSY_UTILIZATION, 10)).toBe(2);
  });

  it('keeps to its share of the time while requests keep the process busy', () => {
    // 10 %: a 40 ms round, then 360 ms of pause.
    expect(pauseAfterFullRound(40, 0.8, 10)).toBe(360);
    expect(pauseAfterFullRound(40, 0.8, 50)).toBe(40);
    // Bounded both ways, so deliveries keep moving whatever a round took.
    expect(pauseAfterFullRound(1_000, 0.8, 10)).toBe(2_000);
    expect(pauseAfterFullRound(0, 0.8, 10)).toBe(2);
  });

  it('never yields at 100 %', () => {
    expect(pauseAfterFullRound(40, 0.99, 100)).toBe(2);
  });
});
