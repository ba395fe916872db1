/** The document with its findings marked in place; each mark explains itself on hover and on focus. */
import { useState } from 'react';
import type { Finding } from './findings';

export function HighlightedText({ content, findings }: { content: string; findings: Finding[] }) {
  const [active, setActive] = useState<Finding>();
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const finding of findings) {
    if (finding.start > at) parts.push(content.slice(at, finding.start));
    const excerpt = content.slice(finding.start, finding.end);
    parts.push(
      // Findings never overlap (findingsIn keeps one per span), so the span identifies each.
      <mark key={`${finding.start}-${finding.end}`} className={`finding finding-${finding.kind}`} data-kind={finding.kind}>
        <button
          type="button"
          className="finding-button"
          title={finding.explanation}
          aria-label={`${excerpt}: ${finding.explanation}`}
          onFocus={() => setActive(finding)}
          onMouseEnter={() => setActive(finding)}
        >
          {excerpt}
        </button>
      </mark>,
    );
    at = finding.end;
  }
  if (at < content.length) parts.push(content.slice(at));
  return (
    <div className="highlighted">
      <p className="finding-explanation" aria-live="polite" data-testid="finding-explanation">
        {active ? active.explanation : `${findings.length} finding(s) marked; hover or focus one for its explanation.`}
      </p>
      <div className="document-text" data-testid="highlighted-text">
        {parts}
      </div>
    </div>
  );
}
