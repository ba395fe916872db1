import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysers } from '../../../src/local/analysers/analysers.js';
import type { Analysers } from '../../../src/local/analysers/analysis.types.js';
import { DISCHARGE_NOTE } from './fixtures.js';

interface MedicalDetails {
  analyser: string;
  specialty: string | null;
  noteType: string;
  conditions: string[];
  medications: { name: string; dose?: string; frequency?: string }[];
  procedures: string[];
  phi: { type: string; text: string; start: number; end: number }[];
}

let analysers: Analysers;

beforeAll(() => {
  analysers = createAnalysers();
});

function medicalDetails(text: string): MedicalDetails {
  return analysers.domain('medical', text).details as unknown as MedicalDetails;
}

describe('medical-text-classifier', () => {
  it('labels a cardiac discharge summary with its specialty and note type', () => {
    // Act
    const result = analysers.domain('medical', DISCHARGE_NOTE);
    const details = result.details as unknown as MedicalDetails;

    // Assess
    expect(result.label).toBe('cardiology');
    expect(details.specialty).toBe('cardiology');
    expect(details.noteType).toBe('discharge_summary');
    expect(details.analyser).toBe('medical-text-classifier');
  });

  it('extracts conditions, medications with doses and procedures', () => {
    // Act
    const details = medicalDetails(DISCHARGE_NOTE);

    // Assess
    expect(details.conditions).toEqual(expect.arrayContaining(['chest pain', 'coronary artery disease']));
    expect(details.conditions).not.toContain('depression');
    expect(details.medications).toEqual(
      expect.arrayContaining([
        { name: 'aspirin', dose: '81 mg', frequency: 'daily' },
        { name: 'metoprolol', dose: '25 mg', frequency: 'b.i.d.' },
      ]),
    );
    expect(details.procedures).toContain('cardiac catheterization');
  });

  it('finds the PHI of a note with offsets that slice exactly to each entity', () => {
    // Act
    const { phi } = medicalDetails(DISCHARGE_NOTE);

    // Assess
    for (const entity of phi) expect(DISCHARGE_NOTE.slice(entity.start, entity.end)).toBe(entity.text);
    expect(phi.map((e) => [e.type, e.text])).toEqual(
      expect.arrayContaining([
        ['name', 'Maria Gonzalez'],
        ['record_number', '00483921'],
        ['date', '04/12/1956'],
        ['phone', '(617) 555-0142'],
        ['email', 'maria.gonzalez@example.com'],
        ['age', '67-year-old'],
        ['date', 'January 3, 2024'],
        ['name', 'Chen'],
      ]),
    );
  });

  it.each([
    ['address', 'Patient lives at 42 Elm Street, Springfield, IL 62704 with her husband.', '42 Elm Street, Springfield, IL 62704'],
    ['name', 'Mr. John Smith returns for follow-up of his knee replacement.', 'John Smith'],
    ['record_number', 'Medical record number: A-7734521. Seen in clinic today.', 'A-7734521'],
    ['phone', 'Call the ward at 555-867-5309 with results.', '555-867-5309'],
  ])('finds a %s with exact offsets', (type, text, expected) => {
    // Act
    const { phi } = medicalDetails(text);

    // Assess
    const entity = phi.find((e) => e.type === type);
    expect(entity?.text).toBe(expected);
    expect(text.slice(entity?.start ?? 0, entity?.end ?? 0)).toBe(expected);
  });

  it('finds PHI beyond the part of a large note the NLP reads', () => {
    // Prepare
    const padding = 'Vital signs stable. Continue current management. '.repeat(3000);
    const text = `${padding}Patient: Ana Lopez, MRN: 99887766.`;

    // Act
    const { phi } = medicalDetails(text);

    // Assess
    const mrn = phi.find((e) => e.type === 'record_number');
    expect(mrn?.text).toBe('99887766');
    expect(text.slice(mrn?.start ?? 0, mrn?.end ?? 0)).toBe('99887766');
  });

  it.each([
    [
      'orthopedics',
      'history_and_physical',
      'CHIEF COMPLAINT: Left hip pain after a fall. The patient sustained a displaced fracture of the left hip. Orthopedic evaluation recommended total hip arthroplasty; the knee and shoulder joints are intact.',
    ],
    [
      'pulmonology',
      'patient_education',
      'What are the symptoms of asthma? Your doctor may ask about coughing and wheezing and test your lungs. Who is at risk for asthma?',
    ],
    [
      'patient_education',
      'patient_education',
      'What is (are) sleep hygiene? Your health care provider can suggest habits that help you rest.',
    ],
  ])('labels a note as %s (note type %s): specialty when clear, else note type', (label, noteType, text) => {
    // Act
    const result = analysers.domain('medical', text);

    // Assess
    expect(result.label).toBe(label);
    expect((result.details as unknown as MedicalDetails).noteType).toBe(noteType);
  });
});
