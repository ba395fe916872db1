/**
 * A retry token bucket per upstream target, the SDK standard mode's numbers: a retry costs 5 tokens
 * (10 after a timeout, which holds a connection longest), a success refunds 1. When the target
 * fails for everyone, retries stop after capacity/5 of them instead of multiplying the load.
 */
export class RetryBudget {
  static readonly RETRY_COST = 5;
  static readonly TIMEOUT_RETRY_COST = 10;
  static readonly SUCCESS_REFUND = 1;

  private tokens: number;
  private refused = 0;

  constructor(private readonly capacity: number) {
    this.tokens = capacity;
  }

  /** Takes the tokens for one retry; false (and nothing taken) when the bucket cannot pay. */
  withdraw(afterTimeout: boolean): boolean {
    const cost = afterTimeout ? RetryBudget.TIMEOUT_RETRY_COST : RetryBudget.RETRY_COST;
    if (this.tokens < cost) {
      this.refused++;
      return false;
    }
    this.tokens -= cost;
    return true;
  }

  refund(): void {
    this.tokens = Math.min(this.capacity, this.tokens + RetryBudget.SUCCESS_REFUND);
  }

  get available(): number {
    return this.tokens;
  }

  get refusals(): number {
    return this.refused;
  }
}
