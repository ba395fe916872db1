/** legal-document-analyzer: clause types, parties, dates, amounts and risk flags of a contract. */

import type { AnalyserDeps } from './analyser.deps.js';
import { confidenceFor, type DomainAnalysis } from './analysis.types.js';
import { AMOUNT_REGEX, DATE_REGEX, findSpans, MAX_SPANS, sentenceSpans, type TextSpan } from './extractors.js';
import { round } from './sentiment.lexicon.js';

export type ClauseType =
  | 'termination'
  | 'indemnification'
  | 'limitation_of_liability'
  | 'confidentiality'
  | 'governing_law'
  | 'assignment'
  | 'payment'
  | 'term_renewal'
  | 'warranty'
  | 'non_compete'
  | 'intellectual_property'
  | 'force_majeure'
  | 'dispute_resolution';

/** Cue phrases per clause type, written from common contract drafting (CUAD's clause categories). */
const CLAUSE_CUES: Record<ClauseType, RegExp> = {
  termination: /\bterminat(?:e|es|ed|ion|ing)\b|\bcancel(?:s|led|lation)? this agreement/i,
  indemnification: /\bindemnif(?:y|ies|ied|ication)\b|\bhold (?:\w+ )?harmless\b|\bdefend,? indemnify/i,
  limitation_of_liability:
    /\blimitation of liability\b|\bin no event shall\b[^.]{0,120}\bliab|\b(?:aggregate|total|maximum) liability\b|\bliability\b[^.]{0,80}\b(?:shall not exceed|limited to|cap)|\b(?:consequential|incidental|indirect|special|punitive) damages\b|\bunlimited liability\b|\bdamages\b[^.]{0,60}\bshall not exceed\b|\bshall not exceed the (?:total |aggregate )?(?:fees|amounts?) (?:paid|payable)\b/i,
  confidentiality: /\bconfidential(?:ity)?\b|\bnon-?disclosure\b|\bproprietary information\b|\bshall not disclose\b/i,
  governing_law: /\bgoverned by\b[^.]{0,80}\blaws?\b|\bgoverning law\b|\bin accordance with the laws of\b|\blaws of the state of\b/i,
  assignment:
    /\bassign(?:s|ed|ment)?\b[^.]{0,80}\b(?:this agreement|rights|obligations)\b|\b(?:this agreement|rights)\b[^.]{0,40}\bassign/i,
  payment: /\b(?:pay|pays|paid|payment|payable|invoice[sd]?|fees?|royalt(?:y|ies)|compensation|net \d+ days)\b/i,
  term_renewal:
    /\b(?:initial|renewal) term\b|\brenew(?:s|ed|al)?\b|\bterm of this agreement\b|\bshall (?:continue|remain) in (?:full )?(?:force|effect)\b[^.]{0,60}\b(?:years?|months?|until)\b|\bcommenc\w+ on the effective date\b/i,
  warranty: /\bwarrant(?:s|y|ies|ed)\b|\brepresents and warrants\b|\bas is\b|\bmerchantability\b|\bfitness for a particular purpose\b/i,
  non_compete:
    /\bnon-?compet\w*\b|\bshall not\b[^.]{0,80}\b(?:compete|engage in any (?:business|activity) (?:that|which) competes|solicit)\b|\bcompeting (?:products?|business)\b|\bexclusiv(?:e|ity)\b[^.]{0,60}\b(?:territory|distribut|supplier|rights)\b/i,
  intellectual_property:
    /\bintellectual property\b|\bpatents?\b|\btrademarks?\b|\bcopyrights?\b|\btrade secrets?\b|\blicen[cs]e[sd]? (?:to|under)\b|\bwork product\b|\bderivative works\b/i,
  force_majeure: /\bforce majeure\b|\bacts? of god\b|\bbeyond (?:its|their|the) reasonable control\b/i,
  dispute_resolution:
    /\barbitrat(?:ion|or|ors|e)\b|\bmediation\b|\bdispute resolution\b|\bany dispute\b|\bdisputes? arising\b|\bjurisdiction\b|\bvenue\b/i,
};

const CLAUSE_TYPES = Object.keys(CLAUSE_CUES) as ClauseType[];

export type RiskFlag = 'uncapped_liability' | 'unilateral_termination' | 'auto_renewal' | 'broad_indemnity' | 'exclusive_jurisdiction';

interface RiskRule {
  flag: RiskFlag;
  cue: RegExp;
  reason: string;
  /** Sentences that match the cue but defuse the risk. */
  unless?: RegExp;
}

const RISK_RULES: readonly RiskRule[] = [
  {
    flag: 'uncapped_liability',
    cue: /\bunlimited liability\b|\buncapped\b|\bliability\b[^.]{0,80}\b(?:shall not be limited|is not limited|without limit(?:ation)?)\b|\bwithout (?:any )?limit(?:ation)? (?:of|on|to) (?:its |their |the \w+'s )?liability\b|\bnothing in this agreement (?:shall )?limits?\b[^.]{0,60}\bliability\b/i,
    reason: 'liability is expressly not capped',
  },
  {
    flag: 'unilateral_termination',
    cue: /\bmay terminate\b[^.]{0,160}\b(?:at any time|without cause|for convenience|for any reason|for no reason|in its sole discretion)\b|\b(?:at any time|without cause|for convenience|in its sole discretion)\b[^.]{0,80}\bmay terminate\b/i,
    unless: /\b(?:either party|both parties|each party|the parties|mutual(?:ly)?)\b[^.]{0,40}\bterminat/i,
    reason: 'one party may end the agreement without cause',
  },
  {
    flag: 'auto_renewal',
    cue: /\bautomatic(?:ally)? renew|\brenew(?:s|ed)? automatically\b|\bshall (?:be )?renew(?:ed)? for (?:successive|additional|further)\b|\bevergreen\b|\bunless (?:either|a) party (?:gives|provides) (?:written )?notice of (?:non-?renewal|its intent not to renew)\b/i,
    reason: 'the term renews unless someone acts in time',
  },
  {
    flag: 'broad_indemnity',
    cue: /\bindemnif\w*\b[^.]{0,200}\b(?:any and all|all claims|whatsoever|of any kind|regardless of|arising out of or (?:in connection with|relating to)|including attorneys'? fees)\b/i,
    reason: 'indemnity covers any and all claims, not only those caused by the indemnitor',
  },
  {
    flag: 'exclusive_jurisdiction',
    cue: /\bexclusive (?:jurisdiction|venue)\b|\bexclusively (?:in|before) the courts\b|\bsubmit to the (?:sole|exclusive) jurisdiction\b/i,
    reason: 'disputes can only be brought in one forum',
  },
];

/** Roles that defined-term parentheses give to contracting parties (not "Agreement", "Effective Date"...). */
const PARTY_ROLES =
  /^(?:company|licensor|licensee|customer|client|supplier|vendor|distributor|reseller|contractor|consultant|provider|service provider|buyer|seller|purchaser|employer|employee|executive|landlord|tenant|lender|borrower|manufacturer|franchisor|franchisee|agent|partner|sponsor|developer|publisher|owner|operator|investor|parent|guarantor|[a-z]+co|[a-z]*party [ab])$/i;

export interface Party {
  name: string;
  role?: string;
}

export interface Clause {
  type: ClauseType;
  sentence: string;
  start: number;
  end: number;
}

export interface Risk {
  flag: RiskFlag;
  reason: string;
  sentence: string;
}

function clean(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/^(?:the|by and)\s+/i, '')
    .replace(/[,;:\s]+$/, '')
    .trim();
}

export function extractParties(text: string): Party[] {
  const parties = new Map<string, Party>();
  const head = text.slice(0, 20_000);
  const definedTerm =
    /([A-Z][\w&.,'’-]*(?:\s+[A-Z&][\w&.,'’-]*){0,6})\s*,?\s*(?:a [^()]{0,80}?)?\(\s*(?:hereinafter(?: referred to as)?\s*)?(?:the\s+)?["“]([^"”]{2,40})["”]\s*\)/g;
  for (const match of head.matchAll(definedTerm)) {
    const role = (match[2] ?? '').trim();
    if (!PARTY_ROLES.test(role)) continue;
    const name = clean(match[1] ?? '');
    if (name.length > 1 && !parties.has(name)) parties.set(name, { name, role });
  }
  const between =
    /\bbetween\s+([A-Z][^,;()\n]{1,80}?)(?:\s*\([^)]*\))?,?\s+and\s+([A-Z][^,;()\n]{1,80}?)(?=\s*[,;.(\n]|\s+(?:dated|effective|on|as of|for|whereby)\b|$)/g;
  for (const match of head.matchAll(between)) {
    for (const raw of [match[1], match[2]]) {
      const name = clean(raw ?? '');
      if (
        name.length > 1 &&
        !/^(?:the parties|us|you|them)$/i.test(name) &&
        ![...parties.keys()].some((k) => k.includes(name) || name.includes(k))
      ) {
        parties.set(name, { name });
      }
    }
  }
  return [...parties.values()].slice(0, 20);
}

/** The agreement's own name ("Software Hosting Agreement") from its first lines. */
export function contractKindOf(text: string): string | undefined {
  const match =
    /\b((?:[A-Z][A-Za-z-]+\s+){0,5}(?:Agreement|Contract|Lease|License|Licence|Amendment|Addendum|Memorandum of Understanding|Terms of Service|Policy))\b/.exec(
      text.slice(0, 2000),
    );
  if (!match?.[1]) return undefined;
  const words = match[1].split(/\s+/).filter((w) => !/^(?:This|The|That|Such|Said|And|This)$/.test(w));
  return words.length > 0 ? words.join('_').toLowerCase() : undefined;
}

export function analyseLegal(text: string, { version }: Pick<AnalyserDeps, 'version'>): DomainAnalysis {
  const sentences = sentenceSpans(text);
  const clauses: Clause[] = [];
  const counts = new Map<ClauseType, number>();
  const risks: Risk[] = [];
  const flagged = new Set<string>();
  for (const sentence of sentences) {
    for (const type of CLAUSE_TYPES) {
      if (!CLAUSE_CUES[type].test(sentence.text)) continue;
      counts.set(type, (counts.get(type) ?? 0) + 1);
      if (clauses.length < MAX_SPANS) clauses.push({ type, sentence: sentence.text, start: sentence.start, end: sentence.end });
    }
    for (const rule of RISK_RULES) {
      if (risks.length >= MAX_SPANS || !rule.cue.test(sentence.text) || rule.unless?.test(sentence.text)) continue;
      // The same clause text repeated (boilerplate in exhibits) is one risk, not many.
      const key = `${rule.flag}:${sentence.text}`;
      if (flagged.has(key)) continue;
      flagged.add(key);
      risks.push({ flag: rule.flag, reason: rule.reason, sentence: sentence.text });
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || CLAUSE_TYPES.indexOf(a[0]) - CLAUSE_TYPES.indexOf(b[0]));
  const totalClauses = ranked.reduce((sum, [, n]) => sum + n, 0);
  const [dominant, dominantCount] = ranked[0] ?? [undefined, 0];
  const contractKind = contractKindOf(text);
  // Score: how clearly one clause type dominates, discounted when there is little contract language at all.
  const coverage = sentences.length === 0 ? 0 : Math.min(1, totalClauses / Math.max(3, sentences.length * 0.5));
  const score = dominant === undefined ? 0 : round(Math.min(1, (0.5 + 0.5 * (dominantCount / totalClauses)) * (0.4 + 0.6 * coverage)));
  const dates: TextSpan[] = findSpans(text, DATE_REGEX).spans;
  const amounts: TextSpan[] = findSpans(text, AMOUNT_REGEX).spans;
  return {
    label: dominant ?? contractKind ?? 'no_clauses_found',
    score,
    confidence: confidenceFor(score),
    details: {
      analyser: 'legal-document-analyzer',
      version,
      contractKind: contractKind ?? null,
      clauseCounts: Object.fromEntries(ranked),
      clauses,
      parties: extractParties(text),
      dates,
      amounts,
      riskFlags: risks,
      sentenceCount: sentences.length,
    },
  };
}
