/**
 * The obviously-correct model the GCRA limiters are tested against: a token
 * bucket in exact integer arithmetic (BigInt), for any whole limit and period.
 * The level is kept in tokens × periodMs, so a refill of `elapsed` ms adds
 * exactly elapsed × limit and no division ever rounds. Tests only.
 */
export class ReferenceBucket {
  private readonly limit: bigint;
  private readonly period: bigint;
  private scaled: bigint;
  private at: bigint;

  constructor(limit: number, periodMs: number, now: number) {
    this.limit = BigInt(limit);
    this.period = BigInt(periodMs);
    this.scaled = this.limit * this.period;
    this.at = BigInt(now);
  }

  private refill(now: number): void {
    const t = BigInt(now);
    const full = this.limit * this.period;
    if (t > this.at) this.scaled += (t - this.at) * this.limit;
    if (this.scaled > full) this.scaled = full;
    this.at = t;
  }

  private floorDiv(a: bigint, b: bigint): bigint {
    return a >= 0n ? a / b : -((-a + b - 1n) / b);
  }

  private ceilDiv(a: bigint, b: bigint): bigint {
    return -this.floorDiv(-a, b);
  }

  take(cost: number, now: number): { allowed: boolean; remaining: number; retryAfterMs: number; resetAt: number } {
    this.refill(now);
    const c = BigInt(cost);
    const allowed = c <= this.limit && this.scaled >= c * this.period;
    if (allowed) this.scaled -= c * this.period;
    const remaining = this.scaled <= 0n ? 0 : Number(this.scaled / this.period);
    const retryAfterMs = allowed ? 0 : c > this.limit ? Infinity : Number(this.ceilDiv(c * this.period - this.scaled, this.limit));
    const resetAt = now + Number(this.ceilDiv(this.limit * this.period - this.scaled, this.limit));
    return { allowed, remaining, retryAfterMs, resetAt };
  }

  settle(delta: number, now: number): void {
    this.refill(now);
    this.scaled -= BigInt(delta) * this.period;
    const full = this.limit * this.period;
    if (this.scaled > full) this.scaled = full;
  }
}
