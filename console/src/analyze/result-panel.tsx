/** One analysis: the text with findings, both back ends side by side, insights, cost and latency. */
import type { ConsoleAnalyzeQuery } from '../generated/operations';
import { formatUsd } from './cost-bars';
import { findingsIn } from './findings';
import { HighlightedText } from './highlighted-text';

type Analysis = ConsoleAnalyzeQuery['analyzeDocument'];

const yesNo = (value: boolean | null | undefined) => (value === null || value === undefined ? 'not compared' : value ? 'yes' : 'no');
const ms = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${value.toFixed(0)} ms`);

export function ResultPanel({ content, result }: { content: string; result: Analysis }) {
  const findings = findingsIn(content, result.sagemaker?.details);
  const { bedrock, sagemaker, insights, cost } = result;
  return (
    <section className="panel result" aria-labelledby="result-heading" data-testid="result">
      <h2 id="result-heading">Result</h2>
      <dl className="facts">
        <dt>Method</dt>
        <dd data-testid="result-method">
          {result.method} ({result.architecture})
        </dd>
        <dt>Type</dt>
        <dd data-testid="result-type">{result.documentType}</dd>
        <dt>Cost</dt>
        <dd data-testid="result-cost">
          estimated {formatUsd(cost.estimatedUsd)}, actual {formatUsd(cost.actualUsd)}
        </dd>
        <dt>Latency</dt>
        <dd>{ms(result.latencyMs)}</dd>
        <dt>Cache</dt>
        <dd data-testid="result-cache">
          Bedrock {bedrock ? (bedrock.cached ? 'hit' : 'miss') : '–'}, SageMaker {sagemaker ? (sagemaker.cached ? 'hit' : 'miss') : '–'}
        </dd>
      </dl>
      <ul className="reasons">
        {result.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <HighlightedText content={content} findings={findings} />
      <div className="sides">
        <article className="side" aria-labelledby="bedrock-heading" data-testid="bedrock-side">
          <h3 id="bedrock-heading">Bedrock</h3>
          {!bedrock && <p className="hint">Not called.</p>}
          {bedrock?.error && <p className="error">{bedrock.error}</p>}
          {bedrock && !bedrock.error && (
            <dl>
              <dt>Model</dt>
              <dd>{bedrock.modelId}</dd>
              <dt>Topic</dt>
              <dd>{bedrock.topic ?? '–'}</dd>
              <dt>Detected type</dt>
              <dd>{bedrock.detectedType ?? '–'}</dd>
              <dt>Sentiment</dt>
              <dd>{bedrock.sentiment ?? '–'}</dd>
              <dt>Confidence</dt>
              <dd>{bedrock.confidence}</dd>
              <dt>Keywords</dt>
              <dd>{bedrock.keywords.join(', ') || '–'}</dd>
              <dt>Tokens</dt>
              <dd>
                {bedrock.inputTokens ?? '–'} in, {bedrock.outputTokens ?? '–'} out; {ms(bedrock.latencyMs)}
              </dd>
            </dl>
          )}
        </article>
        <article className="side" aria-labelledby="sagemaker-heading" data-testid="sagemaker-side">
          <h3 id="sagemaker-heading">SageMaker</h3>
          {!sagemaker && <p className="hint">Not called.</p>}
          {sagemaker?.error && <p className="error">{sagemaker.error}</p>}
          {sagemaker && !sagemaker.error && (
            <dl>
              <dt>Endpoint</dt>
              <dd>{sagemaker.endpoint}</dd>
              <dt>Label</dt>
              <dd>{sagemaker.label ?? '–'}</dd>
              <dt>Score</dt>
              <dd>{sagemaker.score?.toFixed(3) ?? '–'}</dd>
              <dt>Confidence</dt>
              <dd>{sagemaker.confidence}</dd>
              <dt>Latency</dt>
              <dd>{ms(sagemaker.latencyMs)}</dd>
            </dl>
          )}
        </article>
      </div>
      <article className="insights" aria-labelledby="insights-heading">
        <h3 id="insights-heading">Integrated insights</h3>
        <p>
          Confidence {insights.confidenceLevel}; agreement {yesNo(insights.agreement)} (type {yesNo(insights.typeAgreement)}, sentiment{' '}
          {yesNo(insights.sentimentAgreement)}).
        </p>
        {insights.deepAnalysis && <p>{insights.deepAnalysis}</p>}
        <ul>
          {insights.recommendations.map((recommendation) => (
            <li key={recommendation}>{recommendation}</li>
          ))}
        </ul>
      </article>
    </section>
  );
}
