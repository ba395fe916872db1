/**
 * Analyze: a document in (pasted or dropped), the estimate and the route as it changes, then the
 * analysis with its findings in place, both back ends side by side, cost, latency and cache hits.
 */
import type { Client } from '@urql/core';
import { print } from 'graphql';
import { useEffect, useState } from 'react';
import {
  type AccuracyRequirement,
  type Architecture,
  ConsoleAnalyzeDocument,
  type ConsoleAnalyzeQuery,
  ConsoleEstimateAndChooseDocument,
  type ConsoleEstimateAndChooseQuery,
  type DocumentType,
} from '../generated/operations';
import { CostBars } from './cost-bars';
import { ResultPanel } from './result-panel';

const DOCUMENT_TYPES: DocumentType[] = ['GENERAL', 'LEGAL', 'MEDICAL', 'FINANCIAL'];
const ACCURACIES: AccuracyRequirement[] = ['LOW', 'STANDARD', 'HIGH'];
const ARCHITECTURES: Architecture[] = ['AUTO', 'STAGED', 'PARALLEL', 'DECISION_TREE'];
const PREVIEW_DELAY_MS = 300;

interface Options {
  documentType: DocumentType;
  accuracy: AccuracyRequirement;
  architecture: Architecture;
}

export interface Exchange {
  operation: string;
  variables: unknown;
  response: unknown;
}

function usePreview(client: Client, content: string, options: Options) {
  const [preview, setPreview] = useState<ConsoleEstimateAndChooseQuery>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (content.trim() === '') {
      setPreview(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      const result = await client
        .query(ConsoleEstimateAndChooseDocument, {
          estimate: { content, documentType: options.documentType },
          choose: { content, documentType: options.documentType, accuracy: options.accuracy },
        })
        .toPromise();
      if (!current) return;
      setError(result.error?.message);
      if (result.data) setPreview(result.data);
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, content, options.documentType, options.accuracy]);
  return { preview, error };
}

function Select<T extends string>(props: { label: string; value: T; values: readonly T[]; onChange: (value: T) => void; testId: string }) {
  return (
    <label>
      {props.label}
      <select data-testid={props.testId} value={props.value} onChange={(event) => props.onChange(event.target.value as T)}>
        {props.values.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </label>
  );
}

export function AnalyzeView({ client }: { client: Client }) {
  const [content, setContent] = useState('');
  const [options, setOptions] = useState<Options>({ documentType: 'GENERAL', accuracy: 'STANDARD', architecture: 'AUTO' });
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ConsoleAnalyzeQuery['analyzeDocument']>();
  const [analyzed, setAnalyzed] = useState('');
  const [runError, setRunError] = useState<string>();
  const [exchange, setExchange] = useState<Exchange>();
  const { preview, error: previewError } = usePreview(client, content, options);

  const readFile = async (file: File | undefined) => {
    if (file) setContent(await file.text());
  };

  const run = async () => {
    setRunning(true);
    setRunError(undefined);
    const variables = { input: { content, ...options } };
    const answer = await client.query(ConsoleAnalyzeDocument, variables).toPromise();
    setRunning(false);
    setExchange({
      operation: print(ConsoleAnalyzeDocument),
      variables,
      response: { data: answer.data, errors: answer.error?.graphQLErrors },
    });
    if (answer.error && !answer.data) {
      setRunError(answer.error.message);
      return;
    }
    setAnalyzed(content);
    setResult(answer.data?.analyzeDocument);
    if (answer.error) setRunError(answer.error.message);
  };

  return (
    <div className="analyze">
      <section className="panel input-panel" aria-labelledby="document-heading">
        <h2 id="document-heading">Document</h2>
        <label htmlFor="document-input">Text</label>
        <textarea
          id="document-input"
          data-testid="document-input"
          rows={12}
          value={content}
          placeholder="Paste a contract, a clinical note, a financial report…"
          onChange={(event) => setContent(event.target.value)}
        />
        <label
          className="dropzone"
          onDragOver={(event) => event.preventDefault()}
          onDrop={(event) => {
            event.preventDefault();
            void readFile(event.dataTransfer.files[0]);
          }}
        >
          Drop a text file here, or choose one
          <input
            data-testid="file-input"
            type="file"
            accept=".txt,.md,.csv,.html,.htm"
            onChange={(event) => void readFile(event.target.files?.[0])}
          />
        </label>
        <div className="options">
          <Select
            label="Type"
            testId="document-type"
            value={options.documentType}
            values={DOCUMENT_TYPES}
            onChange={(documentType) => setOptions({ ...options, documentType })}
          />
          <Select
            label="Accuracy"
            testId="accuracy"
            value={options.accuracy}
            values={ACCURACIES}
            onChange={(accuracy) => setOptions({ ...options, accuracy })}
          />
          <Select
            label="Architecture"
            testId="architecture"
            value={options.architecture}
            values={ARCHITECTURES}
            onChange={(architecture) => setOptions({ ...options, architecture })}
          />
        </div>
        <button data-testid="analyze-button" type="button" disabled={running || content.trim() === ''} onClick={() => void run()}>
          {running ? 'Analysing…' : 'Analyze'}
        </button>
      </section>

      <section className="panel route-panel" aria-labelledby="route-heading" data-testid="route">
        <h2 id="route-heading">Route and estimate</h2>
        {previewError && (
          <p role="alert" className="error">
            {previewError}
          </p>
        )}
        {!preview && !previewError && <p className="hint">Type or drop a document to see what each method would cost.</p>}
        {preview && (
          <>
            <p>
              The router picks <strong data-testid="chosen-method">{preview.chooseMethod.method}</strong> (
              {preview.chooseMethod.architecture}).
            </p>
            <CostBars methods={preview.estimateCost.methods} chosen={preview.chooseMethod.method} />
            <ul className="reasons">
              {preview.chooseMethod.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
            <p className="hint">
              {preview.estimateCost.inputTokens} input and {preview.estimateCost.outputTokens} output tokens estimated; prices{' '}
              {preview.estimateCost.pricingVersion}.
            </p>
          </>
        )}
      </section>

      {runError && (
        <p role="alert" className="error panel" data-testid="analyze-error">
          {runError}
        </p>
      )}
      {result && <ResultPanel content={analyzed} result={result} />}
      {exchange && (
        <details className="panel exchange">
          <summary>The GraphQL operation and its JSON</summary>
          <h3>Operation</h3>
          <pre data-testid="operation-text">{exchange.operation}</pre>
          <h3>Variables</h3>
          <pre>{JSON.stringify(exchange.variables, null, 2)}</pre>
          <h3>Response</h3>
          <pre data-testid="operation-json">{JSON.stringify(exchange.response, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
