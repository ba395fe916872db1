/** Reads a tenant's settled spend back from the budget store, whichever UTC day(s) a test ran on. */
import type { TenantBudgets } from '../../src/billing/tenant-budgets.js';

/**
 * Spend booked from `since` until now. A run that crosses midnight UTC books on two days' keys, so
 * both are read; the key of each day comes from the budgets themselves, never rebuilt by the test.
 */
export async function spentSince(budgets: TenantBudgets, tenant: string, since: Date): Promise<number> {
  const now = new Date();
  const sameDay = since.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  const today = await budgets.spentUsd(tenant, now);
  return sameDay ? today : today + (await budgets.spentUsd(tenant, since));
}
