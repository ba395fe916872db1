/** Fault injection for the local services: configured rules, plus a per-request `x-local-fault` header. */
import { z } from 'zod';
import type { FaultRule, LocalServiceName } from './local-upstreams.types.js';

export const FAULT_HEADER = 'x-local-fault';

const faultRuleSchema = z.object({
  service: z.enum(['bedrock', 'sagemaker', 'cloudwatch']).optional(),
  target: z.string().optional(),
  latencyMs: z.number().nonnegative().optional(),
  errorRate: z.number().min(0).max(1).optional(),
  errorType: z.string().min(1).optional(),
  malformed: z.boolean().optional(),
  hang: z.boolean().optional(),
  drop: z.boolean().optional(),
  toolInput: z.record(z.string(), z.unknown()).optional(),
  times: z.number().int().nonnegative().optional(),
});

/** What to do with one request; `errorType` is already decided against `errorRate`. */
export interface FaultAction {
  latencyMs: number;
  errorType?: string;
  malformed: boolean;
  hang: boolean;
  drop: boolean;
  toolInput?: Record<string, unknown>;
}

/** A JSON array of rules (e.g. from the CLI's LOCAL_FAULTS); throws with zod's explanation when invalid. */
export function parseFaultRules(json: string): FaultRule[] {
  return z.array(faultRuleSchema).parse(JSON.parse(json));
}

export function parseFaultHeader(value: string | undefined): FaultRule | undefined {
  if (!value) return undefined;
  try {
    const parsed = faultRuleSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class FaultPlan {
  private rules: FaultRule[] = [];
  private readonly used = new Map<FaultRule, number>();

  constructor(
    rules: readonly FaultRule[] = [],
    private readonly random: () => number = Math.random,
  ) {
    this.set(rules);
  }

  set(rules: readonly FaultRule[]): void {
    this.rules = [...rules];
    this.used.clear();
  }

  /** The header rule, when present and matching, wins over configured rules (it is the test's explicit wish). */
  take(service: LocalServiceName, target: string, headerRule?: FaultRule): FaultAction | undefined {
    if (headerRule && matches(headerRule, service, target)) return this.decide(headerRule);
    for (const rule of this.rules) {
      if (!matches(rule, service, target)) continue;
      const used = this.used.get(rule) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      this.used.set(rule, used + 1);
      return this.decide(rule);
    }
    return undefined;
  }

  private decide(rule: FaultRule): FaultAction {
    const fails = rule.errorType !== undefined && this.random() < (rule.errorRate ?? 1);
    return {
      latencyMs: rule.latencyMs ?? 0,
      ...(fails && rule.errorType ? { errorType: rule.errorType } : {}),
      malformed: rule.malformed === true,
      hang: rule.hang === true,
      drop: rule.drop === true,
      ...(rule.toolInput ? { toolInput: rule.toolInput } : {}),
    };
  }
}

function matches(rule: FaultRule, service: LocalServiceName, target: string): boolean {
  if (rule.service !== undefined && rule.service !== service) return false;
  if (rule.target !== undefined && rule.target !== target) return false;
  return true;
}
