// How long to wait before the next connection attempt: exponential from 250 ms, ×2, capped at 3 s, full
// jitter. The cap is low on purpose: a client is back within about 3 s of the server being back (a cap of
// 30 s kept people waiting 20 s and more after an outage). Jitter spreads a reconnect storm over the cap.
export const BACKOFF_MIN_MS = 250;
export const BACKOFF_MAX_MS = 3_000;

export class Backoff {
  private attempt = 0;

  constructor(private readonly random: () => number = Math.random,
              private readonly minMs = BACKOFF_MIN_MS, private readonly maxMs = BACKOFF_MAX_MS) {}

  /** The ceiling of the next delay (before jitter). */
  get ceiling(): number {
    return Math.min(this.maxMs, this.minMs * 2 ** this.attempt);
  }

  /** The next delay, at least `floorMs` (a close code may ask for more), and counts the attempt. */
  next(floorMs = 0): number {
    const delay = Math.max(floorMs, this.random() * this.ceiling);
    this.attempt = Math.min(this.attempt + 1, 30);
    return delay;
  }

  /** A connection that stayed up, an explicit "reconnect now" or the network coming back: start low again. */
  reset(): void {
    this.attempt = 0;
  }
}
