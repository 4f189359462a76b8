import type { QuestionIntent } from '@gong-connector/testing/gong-sim';

/**
 * Questions of the kinds agents ask, worded the way people ask them (not with the transcripts'
 * words), each with the intent it is about and whose evidence it wants: `customer` when the
 * question is about what the customer said or thinks, `any` when either side answers it.
 */
export interface RelevanceQuestion {
  text: string;
  intent: QuestionIntent;
  side: 'customer' | 'any';
}

export const RelevanceQuestions: readonly RelevanceQuestion[] = [
  // pricing pushback
  { intent: 'pricing', side: 'customer', text: 'is the customer worried about cost?' },
  { intent: 'pricing', side: 'customer', text: 'did they push back on the price' },
  { intent: 'pricing', side: 'customer', text: 'do they think we are too expensive' },
  { intent: 'pricing', side: 'customer', text: 'are they asking for a better deal' },
  { intent: 'pricing', side: 'customer', text: 'can they afford it this year' },
  { intent: 'pricing', side: 'customer', text: 'money concerns from the buyer' },
  { intent: 'pricing', side: 'any', text: 'what numbers did we quote them' },
  { intent: 'pricing', side: 'any', text: 'how did the commercial conversation go' },
  { intent: 'pricing', side: 'customer', text: 'price objections' },
  // competitors
  { intent: 'competitors', side: 'customer', text: 'who else are they looking at' },
  { intent: 'competitors', side: 'customer', text: 'are they evaluating other vendors?' },
  { intent: 'competitors', side: 'any', text: 'which competitors came up' },
  { intent: 'competitors', side: 'customer', text: 'is anyone else in the running' },
  { intent: 'competitors', side: 'customer', text: 'did they mention alternatives to us' },
  { intent: 'competitors', side: 'any', text: 'how do we compare against the competition' },
  { intent: 'competitors', side: 'customer', text: 'are we in a bake off' },
  { intent: 'competitors', side: 'customer', text: 'what do they like about the other solutions' },
  { intent: 'competitors', side: 'any', text: 'competitive threats on this deal' },
  // security review
  { intent: 'security', side: 'customer', text: 'what are their security requirements' },
  { intent: 'security', side: 'customer', text: 'does infosec need to approve us' },
  { intent: 'security', side: 'any', text: 'status of the security vetting' },
  { intent: 'security', side: 'customer', text: 'compliance concerns' },
  { intent: 'security', side: 'customer', text: 'are they worried about data privacy' },
  { intent: 'security', side: 'any', text: 'what certifications did we talk about' },
  { intent: 'security', side: 'customer', text: 'do they need single sign-on' },
  { intent: 'security', side: 'customer', text: 'where will their data be stored' },
  { intent: 'security', side: 'any', text: 'vendor risk assessment status' },
  // next steps
  { intent: 'next-steps', side: 'any', text: 'what are the next steps' },
  { intent: 'next-steps', side: 'any', text: 'what did we promise to send them' },
  { intent: 'next-steps', side: 'any', text: 'what did both sides agree to do afterwards' },
  { intent: 'next-steps', side: 'customer', text: 'what did the customer commit to do' },
  { intent: 'next-steps', side: 'any', text: 'action items after the meeting' },
  { intent: 'next-steps', side: 'any', text: 'when is the next meeting' },
  { intent: 'next-steps', side: 'customer', text: 'who is the buyer bringing into the next conversation' },
  { intent: 'next-steps', side: 'any', text: 'follow-ups we owe' },
  { intent: 'next-steps', side: 'any', text: 'open to-dos for this deal' },
  // decision makers
  { intent: 'decision-makers', side: 'customer', text: 'who makes the final call' },
  { intent: 'decision-makers', side: 'customer', text: 'who puts pen to paper on their side' },
  { intent: 'decision-makers', side: 'any', text: 'who is the economic buyer' },
  { intent: 'decision-makers', side: 'customer', text: 'who controls the money on their side' },
  { intent: 'decision-makers', side: 'customer', text: 'how do they make purchasing decisions' },
  { intent: 'decision-makers', side: 'any', text: 'who needs to approve this deal' },
  { intent: 'decision-makers', side: 'customer', text: 'is our contact the one who decides' },
  { intent: 'decision-makers', side: 'any', text: 'which executives are involved' },
  { intent: 'decision-makers', side: 'customer', text: 'approval chain at the customer' },
  // timeline
  { intent: 'timeline', side: 'customer', text: 'when do they want to go live' },
  { intent: 'timeline', side: 'customer', text: 'when will they decide' },
  { intent: 'timeline', side: 'any', text: 'is the close date realistic' },
  { intent: 'timeline', side: 'customer', text: 'how urgent is this for them' },
  { intent: 'timeline', side: 'customer', text: 'could the deal slip to next quarter' },
  { intent: 'timeline', side: 'customer', text: 'what is their target date' },
  { intent: 'timeline', side: 'any', text: 'how fast can we get them signed' },
  { intent: 'timeline', side: 'customer', text: 'is there a hard deadline' },
  { intent: 'timeline', side: 'customer', text: 'schedule for the rollout' },
  // churn risk
  { intent: 'churn-risk', side: 'customer', text: 'are they happy with the product' },
  { intent: 'churn-risk', side: 'customer', text: 'is this account at risk of leaving' },
  { intent: 'churn-risk', side: 'customer', text: 'will they renew' },
  { intent: 'churn-risk', side: 'customer', text: 'are people actually using it' },
  { intent: 'churn-risk', side: 'customer', text: 'any signs they might cancel' },
  { intent: 'churn-risk', side: 'customer', text: 'did they complain about value' },
  { intent: 'churn-risk', side: 'any', text: 'renewal risk' },
  { intent: 'churn-risk', side: 'customer', text: 'is adoption dropping' },
  { intent: 'churn-risk', side: 'customer', text: 'did we lose our champion' },
];
