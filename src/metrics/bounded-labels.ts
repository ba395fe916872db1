/**
 * Keeps dimension and label values bounded: a value must look like a name of its kind, and each
 * kind admits a fixed number of distinct values; the rest become `other`. Client-chosen strings
 * (operation names, tenants) therefore cannot grow the number of CloudWatch metrics or Prometheus
 * series without limit. One instance per gateway; not shared across processes.
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
  /** Distinct values admitted per kind. */
  maxPerKind?: number;
}

export class BoundedLabels {
  private readonly seen = new Map<LabelKind, Set<string>>();
  private readonly maxPerKind: number;

  constructor(options: BoundedLabelsOptions = {}) {
    this.maxPerKind = options.maxPerKind ?? 100;
  }

  value(kind: LabelKind, raw: string | null | undefined): string {
    if (!raw || !SHAPES[kind].test(raw)) return OTHER_LABEL;
    let values = this.seen.get(kind);
    if (!values) {
      values = new Set();
      this.seen.set(kind, values);
    }
    if (values.has(raw)) return raw;
    if (values.size >= this.maxPerKind) return OTHER_LABEL;
    values.add(raw);
    return raw;
  }
}
