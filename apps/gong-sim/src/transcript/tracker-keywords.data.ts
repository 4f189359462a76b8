/**
 * Keyword trackers of the simulated company. The transcript script uses these exact phrases, and
 * /v2/calls/extensive counts them in the generated text, so tracker data always matches the words.
 * `{competitors}` is replaced by the company's competitor names.
 */
export const TrackerKeywordsData: ReadonlyArray<{ name: string; keywords: readonly string[]; affiliation: 'Anyone' | 'Company' | 'NonCompany' }> = [
  { name: 'Competitors', keywords: ['{competitors}'], affiliation: 'Anyone' },
  { name: 'Pricing', keywords: ['pricing', 'discount', 'per seat', 'list price'], affiliation: 'Anyone' },
  { name: 'Budget', keywords: ['budget', 'approved funds', 'spend'], affiliation: 'NonCompany' },
  { name: 'Security', keywords: ['SOC 2', 'SSO', 'encryption', 'penetration test', 'GDPR', 'data residency'], affiliation: 'Anyone' },
  { name: 'Legal', keywords: ['MSA', 'redlines', 'legal review', 'DPA'], affiliation: 'Anyone' },
  { name: 'Next Steps', keywords: ['next steps', 'follow up', 'send over', 'calendar invite'], affiliation: 'Company' },
  { name: 'Timeline', keywords: ['timeline', 'end of quarter', 'go-live', 'deadline'], affiliation: 'Anyone' },
  { name: 'Decision Process', keywords: ['decision maker', 'sign-off', 'procurement', 'stakeholders'], affiliation: 'Anyone' },
];

/** The SMART tracker: sentences the script marks as objections. */
export const OBJECTION_TRACKER_NAME = 'Objections';
