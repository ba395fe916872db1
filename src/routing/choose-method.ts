/**
 * The router: which method (and architecture) processes a document, from its type, the accuracy
 * asked for, the estimated costs, a cost limit and which upstream is unavailable; with the
 * reasons in plain words, because clients see them.
 */
import { AccuracyRequirement, Architecture, COMPLEX_TYPES, Confidence, DocumentType, ProcessingMethod } from '../domain.js';
import { formatUsd, type MethodCost } from './cost-model.js';

export type UpstreamService = 'bedrock' | 'sagemaker';

export interface RoutingRequest {
  documentType: DocumentType;
  accuracy: AccuracyRequirement;
  /** As requested; AUTO lets the router choose. */
  architecture: Architecture;
  /** Upper limit for the estimated cost; null or absent means none. */
  maxCostUsd?: number | null;
  /**
   * The caller gave no type and the classifier is unsure, so `documentType` is only its best guess
   * and Bedrock's first pass is to decide: AUTO then runs Bedrock first (HYBRID, STAGED).
   */
  typeUnsure?: boolean;
}

export interface RoutingOptions {
  /** Services not to call, with the reason (e.g. "circuit open"). */
  unavailable?: Partial<Record<UpstreamService, string>>;
}

export interface MethodChoice {
  method: ProcessingMethod;
  /** Never AUTO. HYBRID runs as STAGED or PARALLEL, a single service as DECISION_TREE. */
  architecture: Architecture;
  reasons: string[];
  /** The other methods' costs. */
  alternatives: MethodCost[];
  estimatedUsd: number;
}

/** No allowed method fits `maxCostUsd`; thrown before any upstream call. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  constructor(
    /** The cheapest method that could have been used. */
    readonly method: ProcessingMethod,
    /** Its estimate: the least this request could cost. */
    readonly cheapestUsd: number,
    readonly limitUsd: number,
    message: string,
  ) {
    super(message);
  }
}

const METHODS: readonly ProcessingMethod[] = [ProcessingMethod.BEDROCK_ONLY, ProcessingMethod.SAGEMAKER_ONLY, ProcessingMethod.HYBRID];

const SERVICES_OF: Record<ProcessingMethod, readonly UpstreamService[]> = {
  [ProcessingMethod.BEDROCK_ONLY]: ['bedrock'],
  [ProcessingMethod.SAGEMAKER_ONLY]: ['sagemaker'],
  [ProcessingMethod.HYBRID]: ['bedrock', 'sagemaker'],
};

const SERVICE_NAME: Record<UpstreamService, string> = { bedrock: 'Bedrock', sagemaker: 'SageMaker' };

// LEGAL and MEDICAL mistakes are the costly ones, so HIGH accuracy there is worth both models.
const BOTH_MODELS_AT_HIGH_ACCURACY: ReadonlySet<DocumentType> = new Set([DocumentType.LEGAL, DocumentType.MEDICAL]);

/** The method and architecture for a request. Throws `BudgetExceededError` when nothing allowed fits the limit. */
export function chooseMethod(req: RoutingRequest, costs: readonly MethodCost[], options: RoutingOptions = {}): MethodChoice {
  const limit = req.maxCostUsd ?? undefined;
  if (limit !== undefined && !(limit >= 0)) throw new RangeError(`maxCostUsd must be a number >= 0, got ${limit}`);
  const costOf = (method: ProcessingMethod): MethodCost => {
    const cost = costs.find((c) => c.method === method);
    if (cost === undefined) throw new Error(`chooseMethod needs the cost of ${method}`);
    return cost;
  };

  const reasons: string[] = [];
  const intended = req.architecture === Architecture.AUTO ? autoChoice(req, costOf, reasons) : explicitChoice(req, reasons);
  let { method, architecture } = intended;

  const unavailable = options.unavailable ?? {};
  const missing = (m: ProcessingMethod) => SERVICES_OF[m].filter((s) => unavailable[s] !== undefined);
  const available = METHODS.filter((m) => missing(m).length === 0);
  if (missing(method).length > 0) {
    const down = missing(method).map((s) => `${SERVICE_NAME[s]} is unavailable (${unavailable[s]})`);
    // One side down leaves exactly the other single service; both down leaves nothing to switch to.
    const substitute = available[0];
    if (substitute === undefined) {
      reasons.push(`${down.join(' and ')}: keeping ${method}; the pipeline will report the errors`);
    } else {
      reasons.push(`${down.join(' and ')}: ${substitute} instead of ${method}`);
      method = substitute;
      architecture = Architecture.DECISION_TREE;
    }
  }

  if (limit !== undefined) {
    const allowed = available.length > 0 ? available : METHODS;
    const chosen = costOf(method);
    if (fits(chosen, limit)) {
      reasons.push(`the estimate ${formatUsd(chosen.estimatedUsd)} is within the limit ${formatUsd(limit)}`);
    } else {
      const overBy = overLimitReason(chosen, limit);
      const candidates = allowed.map(costOf).filter((c) => fits(c, limit));
      if (req.architecture !== Architecture.AUTO || candidates.length === 0) {
        const cheapest = req.architecture !== Architecture.AUTO ? chosen : cheapestOf(allowed.map(costOf));
        const what =
          req.architecture !== Architecture.AUTO
            ? `${req.architecture} was requested and ${overBy}`
            : `no method fits: the cheapest, ${cheapest.method}, is estimated at ${formatUsd(cheapest.estimatedUsd)}`;
        throw new BudgetExceededError(cheapest.method, cheapest.estimatedUsd, limit, `cost limit ${formatUsd(limit)} exceeded: ${what}`);
      }
      const pick = downgrade(req.documentType, intended.method, candidates);
      reasons.push(`${overBy}; ${pick.method} (${formatUsd(pick.estimatedUsd)}) is within it: ${pick.method}`);
      method = pick.method;
      architecture = pick.method === ProcessingMethod.HYBRID ? hybridArchitecture(req.accuracy) : Architecture.DECISION_TREE;
    }
  }

  return {
    method,
    architecture,
    reasons,
    alternatives: costs.filter((c) => c.method !== method),
    estimatedUsd: costOf(method).estimatedUsd,
  };
}

interface Intended {
  method: ProcessingMethod;
  architecture: Architecture;
}

function autoChoice(req: RoutingRequest, costOf: (m: ProcessingMethod) => MethodCost, reasons: string[]): Intended {
  const { documentType, accuracy } = req;
  if (req.typeUnsure) {
    // The endpoint depends on the type, so a SageMaker call before Bedrock's answer would be a guess.
    reasons.push(
      "the type is unsure, so Bedrock's first pass decides it and SageMaker's deep analysis follows as needed: HYBRID, STAGED (the estimate assumes it runs)",
    );
    return { method: ProcessingMethod.HYBRID, architecture: Architecture.STAGED };
  }
  if (accuracy === AccuracyRequirement.HIGH && BOTH_MODELS_AT_HIGH_ACCURACY.has(documentType)) {
    reasons.push(`HIGH accuracy on a ${documentType} document needs both models: HYBRID`);
    reasons.push('both models are needed anyway, so PARALLEL: the latency is the slower call, not the sum');
    return { method: ProcessingMethod.HYBRID, architecture: hybridArchitecture(accuracy) };
  }
  const single = (method: ProcessingMethod): Intended => ({ method, architecture: Architecture.DECISION_TREE });
  if (accuracy === AccuracyRequirement.HIGH) {
    reasons.push(`HIGH accuracy on a ${documentType} document calls for the custom model: SAGEMAKER_ONLY`);
    return single(ProcessingMethod.SAGEMAKER_ONLY);
  }
  const bedrock = costOf(ProcessingMethod.BEDROCK_ONLY);
  const sagemaker = costOf(ProcessingMethod.SAGEMAKER_ONLY);
  if (!bedrock.priceKnown) {
    // Comparing against a $0 placeholder would send everything to Bedrock; fall back on the type.
    const method = COMPLEX_TYPES.has(documentType) ? ProcessingMethod.SAGEMAKER_ONLY : ProcessingMethod.BEDROCK_ONLY;
    const kind = COMPLEX_TYPES.has(documentType) ? 'complex' : 'simple';
    reasons.push(
      `Bedrock's cost is unknown (no price for the model), so the type decides: a ${documentType} document is ${kind}: ${method}`,
    );
    return single(method);
  }
  if (bedrock.estimatedUsd < sagemaker.estimatedUsd) {
    reasons.push(
      `Bedrock (${formatUsd(bedrock.estimatedUsd)}) is cheaper than SageMaker (${formatUsd(sagemaker.estimatedUsd)}) and accuracy is ${accuracy}: BEDROCK_ONLY`,
    );
    return single(ProcessingMethod.BEDROCK_ONLY);
  }
  reasons.push(
    `SageMaker (${formatUsd(sagemaker.estimatedUsd)}) costs no more than Bedrock (${formatUsd(bedrock.estimatedUsd)}): SAGEMAKER_ONLY`,
  );
  return single(ProcessingMethod.SAGEMAKER_ONLY);
}

// At HIGH accuracy both models run anyway, so running them at once saves the first call's latency;
// otherwise STAGED saves the SageMaker call whenever the first pass suffices.
function hybridArchitecture(accuracy: AccuracyRequirement): Architecture {
  return accuracy === AccuracyRequirement.HIGH ? Architecture.PARALLEL : Architecture.STAGED;
}

function explicitChoice(req: RoutingRequest, reasons: string[]): Intended {
  const { documentType } = req;
  const complex = COMPLEX_TYPES.has(documentType);
  switch (req.architecture) {
    case Architecture.STAGED:
      reasons.push(
        complex
          ? `STAGED requested: Bedrock first, then SageMaker's deep analysis, which a ${documentType} document always gets: HYBRID`
          : `STAGED requested: Bedrock first; SageMaker's deep analysis only if the first pass is LOW-confidence or fails, decided at run time: HYBRID (the estimate assumes it runs)`,
      );
      return { method: ProcessingMethod.HYBRID, architecture: Architecture.STAGED };
    case Architecture.PARALLEL:
      reasons.push('PARALLEL requested: Bedrock and SageMaker at once, the latency of the slower: HYBRID');
      return { method: ProcessingMethod.HYBRID, architecture: Architecture.PARALLEL };
    default: {
      const method = complex ? ProcessingMethod.SAGEMAKER_ONLY : ProcessingMethod.BEDROCK_ONLY;
      reasons.push(
        complex
          ? `DECISION_TREE requested: a ${documentType} document is complex, so SageMaker only: ${method}`
          : `DECISION_TREE requested: a ${documentType} document is simple, so Bedrock only: ${method}`,
      );
      return { method, architecture: Architecture.DECISION_TREE };
    }
  }
}

// An unpriced estimate is only a lower bound, so it cannot be shown to respect a limit.
function fits(cost: MethodCost, limit: number): boolean {
  return cost.priceKnown && cost.estimatedUsd <= limit;
}

function overLimitReason(cost: MethodCost, limit: number): string {
  return cost.priceKnown
    ? `${cost.method} (${formatUsd(cost.estimatedUsd)}) is over the limit ${formatUsd(limit)}`
    : `${cost.method}'s cost is unknown (no price for the model), so it cannot be kept under the limit ${formatUsd(limit)}`;
}

function cheapestOf(costs: readonly MethodCost[]): MethodCost {
  return costs.reduce((best, c) => (c.estimatedUsd < best.estimatedUsd ? c : best));
}

// Keep what the request wanted where possible: when both models were wanted for a complex type,
// the custom model's domain analysis is the part worth keeping; otherwise the cheapest that fits.
function downgrade(documentType: DocumentType, intended: ProcessingMethod, candidates: readonly MethodCost[]): MethodCost {
  if (intended === ProcessingMethod.HYBRID && COMPLEX_TYPES.has(documentType)) {
    const sagemaker = candidates.find((c) => c.method === ProcessingMethod.SAGEMAKER_ONLY);
    if (sagemaker !== undefined) return sagemaker;
  }
  return cheapestOf(candidates);
}

/**
 * Whether STAGED runs SageMaker's deep analysis after the Bedrock first pass: for a complex type,
 * a LOW-confidence first pass, or a failed one (then the deep analysis is all there is).
 */
export function deepAnalysisNeeded(
  documentType: DocumentType,
  firstPass: { confidence: Confidence; failed: boolean },
): { needed: boolean; reason: string } {
  if (firstPass.failed) {
    return { needed: true, reason: 'the first pass failed, so the deep analysis is the only result' };
  }
  if (COMPLEX_TYPES.has(documentType)) {
    return { needed: true, reason: `a ${documentType} document is a complex type` };
  }
  if (firstPass.confidence === Confidence.LOW) {
    return { needed: true, reason: 'the first pass has LOW confidence' };
  }
  return {
    needed: false,
    reason: `a ${documentType} document with a ${firstPass.confidence}-confidence first pass needs no deep analysis`,
  };
}
