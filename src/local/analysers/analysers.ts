/** The local analysers behind the wire-compatible Bedrock and SageMaker services. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createDocTypeClassifier, DEFAULT_DOC_TYPE_MODEL_URL, docTypeModelSchema } from '../../detection/doc-type.classifier.js';
import type { Analysers, DocumentKind, DomainAnalysis } from './analysis.types.js';
import { analyseFinancial } from './financial.analyser.js';
import { DEFAULT_SENTIMENT_MODEL_URL, sentimentModelSchema } from './financial-sentiment.model.js';
import { analyseFirstPass } from './first-pass.analyser.js';
import { analyseGeneral } from './general.analyser.js';
import { analyseLegal } from './legal.analyser.js';
import { analyseMedical } from './medical.analyser.js';
import { createNlpEngine } from './nlp.engine.js';
import { countTokens } from './tokenizer.js';

/** Bump when any analyser's rules change; the model hash covers retraining. */
export const ANALYSERS_RELEASE = '1.0.0';

export const DEFAULT_MODEL_URL = DEFAULT_DOC_TYPE_MODEL_URL;

export interface AnalysersOptions {
  /** The trained document-type model; defaults to the file committed beside this module. */
  modelPath?: URL | string;
  /** The trained financial-sentiment model; defaults to the file committed in ./model/. */
  sentimentModelPath?: URL | string;
}

/** Loads the wink model and the classifier once; share the returned instance between callers. */
export function createAnalysers(options: AnalysersOptions = {}): Analysers {
  const modelJson = readFileSync(options.modelPath ?? DEFAULT_MODEL_URL, 'utf8');
  const classifier = createDocTypeClassifier(docTypeModelSchema.parse(JSON.parse(modelJson)));
  const sentimentJson = readFileSync(options.sentimentModelPath ?? DEFAULT_SENTIMENT_MODEL_URL, 'utf8');
  const sentimentModel = sentimentModelSchema.parse(JSON.parse(sentimentJson));
  const nlp = createNlpEngine();
  const modelHash = createHash('sha256').update(modelJson).update(sentimentJson).digest('hex').slice(0, 12);
  const version = `analysers-${ANALYSERS_RELEASE}+${modelHash}`;
  const deps = { nlp, classifier, sentimentModel, version };

  const domainAnalysers: Record<DocumentKind, (text: string) => DomainAnalysis> = {
    legal: (text) => analyseLegal(text, deps),
    medical: (text) => analyseMedical(text, deps),
    financial: (text) => analyseFinancial(text, deps),
    general: (text) => analyseGeneral(text, deps),
  };

  return {
    version,
    firstPass: (text) => analyseFirstPass(String(text ?? ''), deps),
    domain: (kind, text) => (domainAnalysers[kind] ?? domainAnalysers.general)(String(text ?? '')),
    countTokens: (text) => countTokens(String(text ?? '')),
  };
}
