/** Reads a tenant's spend back from the budget store, whichever UTC day(s) a test ran on. */
import type { TenantBudgets } from '../../src/billing/tenant-budgets.js';

export interface BudgetTotals {
  spentUsd: number;
  reservedUsd: number;
}

/**
 * Spend booked and held from `since` until now. A run that crosses midnight UTC books on two days'
 * keys, so both are read; each day's key comes from the budgets themselves, never rebuilt by the test.
 */
export async function budgetTotalsSince(budgets: TenantBudgets, tenant: string, since: Date): Promise<BudgetTotals> {
  const now = new Date();
  const today = await budgets.totalsUsd(tenant, now);
  if (since.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return today;
  const before = await budgets.totalsUsd(tenant, since);
  return { spentUsd: today.spentUsd + before.spentUsd, reservedUsd: today.reservedUsd + before.reservedUsd };
}

export async function spentSince(budgets: TenantBudgets, tenant: string, since: Date): Promise<number> {
  return (await budgetTotalsSince(budgets, tenant, since)).spentUsd;
}
