import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysers } from '../../../src/local/analysers/analysers.js';
import type { Analysers } from '../../../src/local/analysers/analysis.types.js';
import { SERVICES_CONTRACT } from './fixtures.js';

interface LegalDetails {
  analyser: string;
  version: string;
  clauses: { type: string; sentence: string; start: number; end: number }[];
  parties: { name: string; role?: string }[];
  dates: { text: string }[];
  amounts: { text: string }[];
  riskFlags: { flag: string; reason: string; sentence: string }[];
}

let analysers: Analysers;

beforeAll(() => {
  analysers = createAnalysers();
});

describe('legal-document-analyzer', () => {
  it.each([
    ['termination', 'The Company may terminate this Agreement at any time without cause upon thirty days written notice.'],
    ['indemnification', 'The Supplier shall indemnify and hold harmless the Buyer against third-party claims.'],
    [
      'limitation_of_liability',
      'In no event shall either party be liable for any indirect or consequential damages, and its aggregate liability shall not exceed the fees paid.',
    ],
    ['confidentiality', 'The Recipient shall not disclose any Confidential Information to third parties.'],
    ['governing_law', 'This Agreement shall be governed by the laws of the State of Delaware.'],
    ['assignment', 'Neither party may assign this Agreement or any rights hereunder without the prior written consent of the other party.'],
    ['payment', 'The Customer shall pay each invoice within thirty days of receipt.'],
    ['term_renewal', 'This Agreement shall automatically renew for successive one-year renewal terms.'],
    ['warranty', 'The Licensor represents and warrants that the Software will perform materially in accordance with the Documentation.'],
    ['non_compete', 'During the Term, the Distributor shall not engage in any business that competes with the Company.'],
    ['intellectual_property', 'All intellectual property rights in the work product shall vest in the Client.'],
    ['force_majeure', 'Neither party shall be liable for delays caused by force majeure events beyond its reasonable control.'],
    ['dispute_resolution', 'Any dispute arising under this Agreement shall be settled by binding arbitration in London.'],
  ])('finds a %s clause', (type, sentence) => {
    // Act
    const details = analysers.domain('legal', sentence).details as unknown as LegalDetails;

    // Assess
    expect(details.clauses.map((c) => c.type)).toContain(type);
  });

  it('reports clause offsets that slice back to the clause sentence', () => {
    // Act
    const details = analysers.domain('legal', SERVICES_CONTRACT).details as unknown as LegalDetails;

    // Assess
    expect(details.clauses.length).toBeGreaterThanOrEqual(6);
    for (const clause of details.clauses) expect(SERVICES_CONTRACT.slice(clause.start, clause.end)).toBe(clause.sentence);
  });

  it('flags unilateral termination, auto-renewal, broad indemnity and exclusive jurisdiction in a one-sided contract', () => {
    // Act
    const details = analysers.domain('legal', SERVICES_CONTRACT).details as unknown as LegalDetails;

    // Assess
    const flags = details.riskFlags.map((r) => r.flag);
    expect(flags).toEqual(expect.arrayContaining(['unilateral_termination', 'auto_renewal', 'broad_indemnity', 'exclusive_jurisdiction']));
    expect(flags).not.toContain('uncapped_liability');
  });

  it('flags uncapped liability and does not flag termination both parties share', () => {
    // Prepare
    const text =
      'Either party may terminate this Agreement at any time upon ninety days notice. The Vendor shall have unlimited liability for breaches of its data protection obligations.';

    // Act
    const flags = (analysers.domain('legal', text).details as unknown as LegalDetails).riskFlags.map((r) => r.flag);

    // Assess
    expect(flags).toContain('uncapped_liability');
    expect(flags).not.toContain('unilateral_termination');
  });

  it('extracts the parties with their defined roles, the dates and the amounts', () => {
    // Act
    const result = analysers.domain('legal', SERVICES_CONTRACT);
    const details = result.details as unknown as LegalDetails;

    // Assess
    expect(details.parties).toEqual(
      expect.arrayContaining([
        { name: 'Acme Software Inc.', role: 'Company' },
        { name: 'Globex Ltd', role: 'Customer' },
      ]),
    );
    expect(details.dates.map((d) => d.text)).toContain('March 1, 2024');
    expect(details.amounts.map((a) => a.text)).toContain('$12,500');
    expect(details.analyser).toBe('legal-document-analyzer');
    expect(details.version).toBe(analysers.version);
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('labels a text without contract language as having no clauses', () => {
    // Act
    const result = analysers.domain('legal', 'The weather was sunny and we went for a walk.');

    // Assess
    expect(result.label).toBe('no_clauses_found');
    expect(result.confidence).toBe('LOW');
  });
});
