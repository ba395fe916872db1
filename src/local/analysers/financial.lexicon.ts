/**
 * Financial sentiment lexicon in the spirit of Loughran-McDonald (words whose tone in filings and
 * market news differs from everyday English: "liability" and "tax" are not negative, "beat" is
 * positive), written for this project, plus multi-word market phrases scored before single words.
 */
import type { Sentiment } from './analysis.types.js';
import { round } from './sentiment.lexicon.js';

/** Phrases carry more weight than words: they are unambiguous where single words are not. */
const PHRASE_WEIGHT = 2;

/** "X-than-expected" flips with its noun: a smaller-than-expected loss is good news, a smaller profit is not. */
const EXPECTED = `(?:expected|forecast|estimated|feared|anticipated)`;
const MORE = `(?:bigger|larger|higher|wider|deeper|greater)`;
const LESS = `(?:smaller|lower|narrower|less|weaker)`;
const QUALIFIERS = String.raw`(?:\s+(?:quarterly|annual|first|second|third|fourth|full-year|[\w-]+-quarter|net|operating|core|adjusted|organic|in|of|the))*\s+`;
const GOOD_NOUNS = `(?:profits?|revenues?|earnings|sales|growth|rise|increase|gains?|income|margins?|demand|results|orders|eps)`;
const BAD_NOUNS = `(?:loss(?:es)?|drop|declines?|fall|costs|charges|write-?downs?|deficit)`;

export const POSITIVE_PHRASES = [
  String.raw`beat(?:s|ing)? (?:\w+ )?(?:expectations|estimates|forecasts?|consensus)`,
  `(?:better|stronger)[- ]than[- ]${EXPECTED}`,
  `${MORE}[- ]than[- ]${EXPECTED}${QUALIFIERS}${GOOD_NOUNS}`,
  `${LESS}[- ]than[- ]${EXPECTED}${QUALIFIERS}${BAD_NOUNS}`,
  String.raw`(?:raised|raises|raising|lifted|lifts|boosted|boosts|increased|increases|hiked|hikes) (?:its |their |the )?(?:[\w-]+ ){0,3}(?:guidance|forecasts?|outlook|dividends?|target|price target|estimates?)`,
  `(?:better|good|positive) news`,
  `(?:revenue|revenues|sales|profit|profits|earnings|income|margins?|eps|demand|orders|bookings) (?:grew|rose|increased|jumped|surged|climbed|improved|doubled|soared|expanded)`,
  `record (?:high|revenue|revenues|profit|profits|earnings|sales|quarter|year|results)`,
  `(?:upgraded?|upgrades) (?:to|the|its)`,
  `(?:net|operating) income (?:rose|increased|grew|nearly doubled|doubled)`,
  `return(?:ed)? to (?:profit|profitability|growth)`,
  `(?:lower|reduced|reducing|cut|cutting) (?:its |their )?(?:costs|expenses|debt|losses)`,
  `(?:share |stock )?buybacks?|share repurchases?`,
  `all-time high|52-week high|biggest gainers?`,
];

export const NEGATIVE_PHRASES = [
  String.raw`miss(?:ed|es|ing)? (?:\w+ )?(?:expectations|estimates|forecasts?|consensus)`,
  `(?:weaker|worse)[- ]than[- ]${EXPECTED}`,
  `${LESS}[- ]than[- ]${EXPECTED}${QUALIFIERS}${GOOD_NOUNS}`,
  `${MORE}[- ]than[- ]${EXPECTED}${QUALIFIERS}${BAD_NOUNS}`,
  String.raw`(?:cut|cuts|cutting|lowered|lowers|lowering|slashed|slashes|reduced|withdrew|suspended|suspends) (?:its |their |the )?(?:[\w-]+ ){0,3}(?:guidance|forecasts?|outlook|dividends?|target|price target|estimates?)`,
  `(?:bad|worse|negative) news`,
  `(?:costs?|expenses?|bills) (?:rose|rise|rises|rising|increased|jumped|surged|climbed|soared|(?:is|are|was|were) up|(?:will |would )?remain elevated)`,
  `(?:revenue|revenues|sales|profit|profits|earnings|income|margins?|eps|demand|orders|shares|stocks?) (?:fell|declined|dropped|slumped|plunged|tumbled|sank|slid|shrank|contracted|decreased|weakened|missed)`,
  `net loss(?:es)?|operating loss(?:es)?|(?:wider|widening|bigger) loss(?:es)?|loss per share`,
  `(?:downgraded?|downgrades) (?:to|the|its)`,
  `profit warning|going concern|material weakness|impairment charges?|write-?downs?|write-?offs?`,
  `(?:job|jobs|staff|workforce) cuts|lay(?:s|ing)? off|layoffs`,
  `(?:higher|rising|soaring) (?:costs|expenses|interest rates|rates|inflation)`,
  `52-week low|(?:multi-)?year lows?|biggest (?:losers?|decliners?)|sell-?off`,
  `chapter 11|filed for bankruptcy|default(?:ed)? on`,
];

export const POSITIVE_WORDS = new Set([
  'gain',
  'gains',
  'gained',
  'gaining',
  'rise',
  'rises',
  'rose',
  'rising',
  'risen',
  'jump',
  'jumps',
  'jumped',
  'surge',
  'surges',
  'surged',
  'soar',
  'soared',
  'soars',
  'rally',
  'rallied',
  'rallies',
  'climb',
  'climbed',
  'climbs',
  'advance',
  'advanced',
  'advances',
  'rebound',
  'rebounded',
  'recover',
  'recovered',
  'recovery',
  'grow',
  'grew',
  'growth',
  'growing',
  'expand',
  'expanded',
  'expansion',
  'increase',
  'increased',
  'higher',
  'highest',
  'up',
  'upbeat',
  'beat',
  'beats',
  'exceed',
  'exceeded',
  'exceeds',
  'outperform',
  'outperformed',
  'outperforms',
  'strong',
  'stronger',
  'strongest',
  'strength',
  'robust',
  'solid',
  'improve',
  'improved',
  'improvement',
  'improving',
  'profitable',
  'profitability',
  'record',
  'boost',
  'boosted',
  'boosts',
  'upgrade',
  'upgraded',
  'bullish',
  'optimistic',
  'optimism',
  'confident',
  'confidence',
  'success',
  'successful',
  'successfully',
  'win',
  'wins',
  'won',
  'award',
  'awarded',
  'approval',
  'approved',
  'breakthrough',
  'favorable',
  'favourable',
  'positive',
  'benefit',
  'benefited',
  'benefits',
  'opportunity',
  'opportunities',
  'attractive',
  'momentum',
  'accelerate',
  'accelerated',
  'doubled',
  'tripled',
  'profit',
  'profits',
  'gainers',
  'surpassed',
  'tops',
  'topped',
  'premium',
  'cushioned',
  'resilient',
  'efficient',
  'efficiency',
  'innovative',
  'stabilized',
  'stabilised',
  'upside',
  'tailwind',
  'tailwinds',
  'raised',
  'lifted',
  'buoyed',
  'eased',
  'easing',
]);

export const NEGATIVE_WORDS = new Set([
  'loss',
  'losses',
  'lose',
  'losing',
  'lost',
  'fall',
  'falls',
  'fell',
  'fallen',
  'falling',
  'drop',
  'drops',
  'dropped',
  'dropping',
  'decline',
  'declines',
  'declined',
  'declining',
  'decrease',
  'decreased',
  'decreases',
  'slump',
  'slumped',
  'plunge',
  'plunged',
  'plunges',
  'tumble',
  'tumbled',
  'sink',
  'sank',
  'slid',
  'slide',
  'slides',
  'slip',
  'slipped',
  'shrink',
  'shrank',
  'contraction',
  'down',
  'lower',
  'lowest',
  'weak',
  'weaker',
  'weakness',
  'weakened',
  'miss',
  'missed',
  'misses',
  'shortfall',
  'underperform',
  'underperformed',
  'downgrade',
  'downgraded',
  'bearish',
  'pessimistic',
  'concern',
  'concerns',
  'worried',
  'worries',
  'worry',
  'fear',
  'fears',
  'turmoil',
  'crisis',
  'recession',
  'slowdown',
  'slowing',
  'slower',
  'headwind',
  'headwinds',
  'pressured',
  'deficit',
  'default',
  'defaults',
  'bankruptcy',
  'bankrupt',
  'insolvency',
  'layoffs',
  'restructuring',
  'impairment',
  'writedown',
  'lawsuit',
  'litigation',
  'investigation',
  'probe',
  'fine',
  'fined',
  'penalty',
  'penalties',
  'fraud',
  'scandal',
  'delay',
  'delayed',
  'delays',
  'disappointing',
  'disappointed',
  'disappointment',
  'adverse',
  'adversely',
  'unfavorable',
  'unfavourable',
  'negative',
  'deteriorate',
  'deteriorated',
  'deterioration',
  'warn',
  'warned',
  'warning',
  'warns',
  'cut',
  'cuts',
  'slashed',
  'halt',
  'halted',
  'suspend',
  'suspended',
  'downturn',
  'losers',
  'sell-off',
  'selloff',
  'blow',
  'hit',
  'hurt',
  'struggle',
  'struggled',
  'struggling',
  'weigh',
  'weighed',
  'weighs',
  'shortage',
  'shortages',
  'disruption',
  'disruptions',
  'closure',
  'closures',
  'tariffs',
  'collapse',
  'collapsed',
]);

const NEGATORS = new Set(['not', 'no', 'never', "n't", 'without', 'neither', 'nor', 'barely', 'hardly', 'despite']);
const NEGATION_WINDOW = 3;

/**
 * Monetary policy and macro moves named in market news ("the RBI raised its policy rate", "a rate
 * hike") describe the economy, not the tone about a company: blanked before scoring.
 */
export const NEUTRAL_PHRASES = [
  String.raw`(?:raised|raises|raising|hiked|hikes|hiking|lifted|cut|cuts|cutting|lowered|lowers|lowering) (?:the |its |their )?(?:[\w-]+ ){0,3}(?:interest rates?|policy rates?|repo rates?|rates|benchmark rates?)`,
  `(?:rate|interest rate) (?:hikes?|cuts?|increases?|rises?)`,
  `(?:higher|rising|lower|falling) (?:interest )?rates`,
];

const NEUTRAL_PHRASE_REGEX = new RegExp(String.raw`\b(?:${NEUTRAL_PHRASES.join('|')})\b`, 'gi');

const POSITIVE_PHRASE_REGEX = new RegExp(String.raw`\b(?:${POSITIVE_PHRASES.join('|')})\b`, 'gi');
const NEGATIVE_PHRASE_REGEX = new RegExp(String.raw`\b(?:${NEGATIVE_PHRASES.join('|')})\b`, 'gi');

export interface FinancialSentimentEvidence {
  positive: string[];
  negative: string[];
}

/** Below this |net tone| the text reads as neutral (fitted on the training split's labelled news, not the held-out one). */
export const FINANCIAL_NEUTRAL_BAND = 0.2;

/**
 * Net tone = (positive - negative) / (positive + negative + 1): the +1 keeps one stray word in a long
 * report from reading as a strong opinion.
 */
export function financialSentiment(
  text: string,
  band = FINANCIAL_NEUTRAL_BAND,
): Sentiment & { evidence: FinancialSentimentEvidence; tone: number } {
  const evidence: FinancialSentimentEvidence = { positive: [], negative: [] };
  let positive = 0;
  let negative = 0;
  // Phrases are blanked out after scoring so their words are not counted a second time.
  let rest = text.replace(NEUTRAL_PHRASE_REGEX, ' ').replace(POSITIVE_PHRASE_REGEX, (m) => {
    positive += PHRASE_WEIGHT;
    if (evidence.positive.length < 20) evidence.positive.push(m.toLowerCase());
    return ' ';
  });
  rest = rest.replace(NEGATIVE_PHRASE_REGEX, (m) => {
    negative += PHRASE_WEIGHT;
    if (evidence.negative.length < 20) evidence.negative.push(m.toLowerCase());
    return ' ';
  });
  const words = rest.toLowerCase().match(/[a-z]+(?:[-'][a-z]+)*|n't|[.;!?]/g) ?? [];
  let sinceNegator = Number.POSITIVE_INFINITY;
  for (const word of words) {
    if (word === '.' || word === ';' || word === '!' || word === '?') {
      sinceNegator = Number.POSITIVE_INFINITY;
      continue;
    }
    if (NEGATORS.has(word) || word.endsWith("n't")) {
      sinceNegator = 0;
      continue;
    }
    sinceNegator += 1;
    const flipped = sinceNegator <= NEGATION_WINDOW;
    const polarity = POSITIVE_WORDS.has(word) ? 1 : NEGATIVE_WORDS.has(word) ? -1 : 0;
    if (polarity === 0) continue;
    const signed = flipped ? -polarity : polarity;
    if (signed > 0) positive += 1;
    else negative += 1;
    const list = signed > 0 ? evidence.positive : evidence.negative;
    if (list.length < 20) list.push(flipped ? `not ${word}` : word);
  }
  const tone = (positive - negative) / (positive + negative + 1);
  if (Math.abs(tone) < band) {
    return { label: 'neutral', score: round(1 - Math.abs(tone) / band / 2), evidence, tone: round(tone) };
  }
  return { label: tone > 0 ? 'positive' : 'negative', score: round(Math.min(1, 0.5 + Math.abs(tone) / 2)), evidence, tone: round(tone) };
}
