/**
 * What a generated sentence is about: the ground truth a relevance benchmark judges passages by.
 * The first seven are what agents ask about; the others carry none of those intents (small talk,
 * discovery, the product walkthrough, legal paperwork).
 */
export const QUESTION_INTENTS = ['pricing', 'competitors', 'security', 'next-steps', 'decision-makers', 'timeline', 'churn-risk'] as const;
export const NEUTRAL_INTENTS = ['small-talk', 'discovery', 'product', 'legal'] as const;
export type QuestionIntent = (typeof QUESTION_INTENTS)[number];
export type SentenceIntent = QuestionIntent | (typeof NEUTRAL_INTENTS)[number];
export const SENTENCE_INTENTS: readonly SentenceIntent[] = [...QUESTION_INTENTS, ...NEUTRAL_INTENTS];

/** Who said it: the recording company's side (rep, SE, manager) or the customer's. */
export type SentenceSide = 'company' | 'customer';
