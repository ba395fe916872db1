/**
 * Keeps dimension and label values bounded: a value must look like a name of its kind, and each
 * kind admits a fixed number of distinct values; the rest become `other`. Client-chosen strings
 * (operation names, tenants) therefore cannot grow the number of CloudWatch metrics or Prometheus
 * series without limit. One instance per gateway; not shared across processes.
 *
 * Known values (the operations the project ships or the operator lists, the error codes, the
 * configured tenants, models and endpoints) always keep their own label. Other values share two
 * pools per kind: one for authenticated callers and one for everyone else, so that junk names sent
 * anonymously can fill only their own pool and never push an operator's or a customer's names into
 * `other`.
 */

export type LabelKind = 'operation' | 'errorCode' | 'tenant' | 'target';

export const OTHER_LABEL = 'other';

const SHAPES: Readonly<Record<LabelKind, RegExp>> = {
  // GraphQL names: /[_A-Za-z][_0-9A-Za-z]*/, capped.
  operation: /^[_A-Za-z][_0-9A-Za-z]{0,99}$/,
  errorCode: /^[A-Z][A-Z0-9_]{0,63}$/,
  tenant: /^[\w.:@-]{1,128}$/,
  // Model ids, inference-profile ARNs and endpoint names; CloudWatch caps dimension values at 1,024.
  target: /^[\w.:/@+-]{1,1024}$/,
};

export interface BoundedLabelsOptions {
  /** Distinct values admitted per kind and pool, beyond the known ones. */
  maxPerKind?: number;
  /** Values that always keep their own label. */
  known?: Partial<Record<LabelKind, Iterable<string>>>;
}

/** Who sent the value: an authenticated caller's values have a pool of their own. */
export type LabelSource = 'authenticated' | 'anonymous';

export class BoundedLabels {
  private readonly known = new Map<LabelKind, ReadonlySet<string>>();
  private readonly pools: Record<LabelSource, Map<LabelKind, Set<string>>> = { authenticated: new Map(), anonymous: new Map() };
  private readonly maxPerKind: number;

  constructor(options: BoundedLabelsOptions = {}) {
    this.maxPerKind = options.maxPerKind ?? 100;
    for (const [kind, values] of Object.entries(options.known ?? {}) as Array<[LabelKind, Iterable<string>]>) {
      this.known.set(kind, new Set([...values].filter((value) => SHAPES[kind].test(value))));
    }
  }

  value(kind: LabelKind, raw: string | null | undefined, source: LabelSource = 'anonymous'): string {
    if (!raw || !SHAPES[kind].test(raw)) return OTHER_LABEL;
    if (this.known.get(kind)?.has(raw)) return raw;
    if (this.pool('authenticated', kind).has(raw) || this.pool('anonymous', kind).has(raw)) return raw;
    const pool = this.pool(source, kind);
    if (pool.size >= this.maxPerKind) return OTHER_LABEL;
    pool.add(raw);
    return raw;
  }

  private pool(source: LabelSource, kind: LabelKind): Set<string> {
    let values = this.pools[source].get(kind);
    if (!values) {
      values = new Set();
      this.pools[source].set(kind, values);
    }
    return values;
  }
}
