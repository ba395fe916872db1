/** Each method's estimated cost as a bar, the router's choice marked. */
export interface MethodBar {
  method: string;
  estimatedUsd: number;
  notes: readonly string[];
}

export const formatUsd = (usd: number | null | undefined): string =>
  usd === null || usd === undefined ? '–' : `$${usd < 0.01 ? usd.toPrecision(3) : usd.toFixed(4)}`;

export function CostBars({ methods, chosen }: { methods: readonly MethodBar[]; chosen: string | undefined }) {
  const highest = Math.max(...methods.map((method) => method.estimatedUsd), Number.MIN_VALUE);
  return (
    <ul className="cost-bars" aria-label="Estimated cost per method" data-testid="cost-bars">
      {methods.map((method) => {
        const isChosen = method.method === chosen;
        return (
          <li key={method.method} className={isChosen ? 'chosen' : undefined} data-method={method.method} data-chosen={isChosen}>
            <span className="bar-label">
              {method.method}
              {isChosen && <strong> (chosen)</strong>}
            </span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar" style={{ width: `${Math.max(2, (method.estimatedUsd / highest) * 100)}%` }} />
            </span>
            <span className="bar-value" title={method.notes.join('\n')}>
              {formatUsd(method.estimatedUsd)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
