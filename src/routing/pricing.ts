/**
 * Builds the pricing table a gateway uses: the public defaults with a validated override on top
 * (from config or a JSON file), so prices can change without a release.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_PRICING, type PricingTable } from './pricing.table.js';

/** An invalid pricing override; `keyPath` points at the offending entry, e.g. `bedrock["x"].inputPer1k`. */
export class PricingError extends Error {
  override readonly name = 'PricingError';
  constructor(
    message: string,
    readonly keyPath: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const usd = z.number().nonnegative();

// `YYYY-MM-DD` or a full ISO timestamp; the date must exist (no 2026-02-30).
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/, 'expected an ISO date (YYYY-MM-DD)')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected a real date');

// `__proto__` as a record key would set the prototype of the parsed object instead of adding an entry.
const key = z
  .string()
  .min(1)
  .refine((value) => value !== '__proto__', 'reserved key');

// A changed price is a new claim, so it carries its own provenance rather than inheriting the
// default's; `source` may be omitted and then says "override". Prices are required in full for the
// same reason: half an override would pair a new figure with an old one under one source.
const provenance = { source: z.string().min(1).default('override'), retrieved: isoDate };

const overrideSchema = z.strictObject({
  version: z.string().min(1).optional(),
  currency: z.literal('USD').optional(),
  bedrock: z.record(key, z.strictObject({ inputPer1k: usd, outputPer1k: usd, ...provenance })).optional(),
  sagemakerInstances: z.record(key, z.strictObject({ hourlyUsd: usd, ...provenance })).optional(),
});

/**
 * The default table, or the defaults with `overrideJson` merged over them: entries of `bedrock`
 * and `sagemakerInstances` are added or replaced one by one; anything else is kept.
 * Throws `PricingError` naming the offending key path.
 */
export function loadPricing(overrideJson?: unknown): PricingTable {
  if (overrideJson === undefined || overrideJson === null) return cloneTable(DEFAULT_PRICING);
  const parsed = overrideSchema.safeParse(overrideJson);
  if (!parsed.success) {
    // Every problem at once, so a broken file is fixed in one round; the first is the `keyPath`.
    const problems = parsed.error.issues.map((issue) => {
      // A misspelt key is reported on its parent; point at the key itself.
      const extra = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
      return { keyPath: formatKeyPath([...issue.path, ...extra]), message: issue.message };
    });
    const text = problems.map((p) => `${p.keyPath}: ${p.message}`).join('; ');
    throw new PricingError(`invalid pricing override at ${text}`, problems[0]?.keyPath ?? '(root)');
  }
  const override = parsed.data;
  const changed = override.bedrock !== undefined || override.sagemakerInstances !== undefined;
  const base = cloneTable(DEFAULT_PRICING);
  return {
    // A table that differs from the published one must not claim the published version.
    version: override.version ?? (changed ? `${base.version}+override` : base.version),
    currency: 'USD',
    bedrock: { ...base.bedrock, ...override.bedrock },
    sagemakerInstances: { ...base.sagemakerInstances, ...override.sagemakerInstances },
  };
}

/** `loadPricing` over a JSON file; errors name the file (and the key path when the content is wrong). */
export function loadPricingFile(path: string): PricingTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PricingError(`pricing file ${path} cannot be read: ${errorMessage(cause)}`, '', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PricingError(`pricing file ${path} is not valid JSON: ${errorMessage(cause)}`, '', { cause });
  }
  try {
    return loadPricing(json);
  } catch (cause) {
    if (cause instanceof PricingError) {
      throw new PricingError(`pricing file ${path}: ${cause.message}`, cause.keyPath, { cause });
    }
    throw cause;
  }
}

function cloneTable(table: PricingTable): PricingTable {
  return {
    version: table.version,
    currency: table.currency,
    bedrock: Object.fromEntries(Object.entries(table.bedrock).map(([id, price]) => [id, { ...price }])),
    sagemakerInstances: Object.fromEntries(Object.entries(table.sagemakerInstances).map(([type, price]) => [type, { ...price }])),
  };
}

// Model ids contain dots and colons, so they are quoted rather than dotted: bedrock["amazon.nova-lite-v1:0"].
function formatKeyPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => {
      const text = String(segment);
      if (typeof segment === 'number') return `[${text}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(text)) return index === 0 ? text : `.${text}`;
      return `[${JSON.stringify(text)}]`;
    })
    .join('');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
