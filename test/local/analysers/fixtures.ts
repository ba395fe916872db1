/** Short realistic documents written for these tests (no corpus text). */

export const SERVICES_CONTRACT = `This Master Services Agreement (the "Agreement") is entered into as of March 1, 2024 between Acme Software Inc., a Delaware corporation (the "Company"), and Globex Ltd (the "Customer").
1. Term. This Agreement shall automatically renew for successive one-year terms unless either party gives notice of non-renewal at least sixty days before the end of the then-current term.
2. Termination. The Company may terminate this Agreement at any time without cause upon thirty days' written notice to the Customer.
3. Indemnification. The Customer shall indemnify, defend and hold harmless the Company from any and all claims, losses and damages arising out of or relating to this Agreement.
4. Fees. The Customer shall pay the fees of $12,500 per month within 30 days of invoice.
5. Confidentiality. Each party shall keep the other party's Confidential Information in strict confidence and shall not disclose it to any third party.
6. Governing Law. This Agreement shall be governed by the laws of the State of New York, and the parties submit to the exclusive jurisdiction of the courts of New York County.`;

export const DISCHARGE_NOTE = `DISCHARGE SUMMARY
Patient: Maria Gonzalez   MRN: 00483921   DOB: 04/12/1956
Phone: (617) 555-0142   Email: maria.gonzalez@example.com
HISTORY OF PRESENT ILLNESS: The patient is a 67-year-old woman admitted on January 3, 2024 with substernal chest pain radiating to the left arm. She denies shortness of breath. ECG showed ST depression and troponin was elevated. Cardiac catheterization revealed coronary artery disease with 80% stenosis of the LAD, treated with a drug-eluting stent.
DISCHARGE MEDICATIONS: Aspirin 81 mg daily, clopidogrel 75 mg daily, atorvastatin 80 mg nightly, metoprolol 25 mg b.i.d.
Follow up with Dr. Chen in cardiology clinic in two weeks.`;

export const EARNINGS_RELEASE = `Contoso Corp. (NASDAQ: CTSO) reported third-quarter 2024 results that beat analyst expectations. Revenue grew 18% to $4.2 billion, and net income rose to $610 million, or $1.12 per share, compared with Q3 2023. The company raised its full-year guidance and now expects fiscal 2025 revenue of $17 billion. "Demand for our cloud services remains strong," said the chief executive.`;

export const PROFIT_WARNING = `Fabrikam Inc. shares plunged 14% after the retailer missed analyst estimates and cut its full-year outlook. The company reported a net loss of $320 million for the quarter ended September 30, 2024, as sales declined 9% and margins weakened. Fabrikam also announced layoffs of 1,200 staff.`;

export const ENCYCLOPEDIA = `The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. It is named after the engineer Gustave Eiffel, whose company designed and built the tower between 1887 and 1889 as the entrance arch to the 1889 World's Fair. Locally nicknamed "La dame de fer", it was initially criticised by some of France's leading artists and intellectuals for its design, but it has become a global cultural icon of France and one of the most recognisable structures in the world.`;
