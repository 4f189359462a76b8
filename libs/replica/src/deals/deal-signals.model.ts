/** What one call of a deal shows, as the scorer reads it (built from the replica by DealSignalsMapper). */
export interface DealCallSignals {
  callId: string;
  /** ISO instant. */
  started: string;
  /** Opportunity stage and close date at the time of the call (CRM context, TimeOfCall). */
  stage: string | null;
  closeDate: string | null;
  /** Someone from the customer side attended. */
  customerAttended: boolean;
  /** External attendees whose title reads as a decision maker. */
  decisionMakers: Array<{ name: string | null; title: string }>;
  /** Sentences the customer said (the base of objection and competitor rates; 0: no transcript). */
  customerSentences: number;
  /** Customer share of the transcript's talk time (null: no transcript). */
  customerTalkShare: number | null;
  /** Competitor tracker mentions said by the customer. */
  competitorMentions: Array<{ competitor: string; quote: string | null; atSeconds: number }>;
  /** Pricing or security objections said by the customer. */
  objections: Array<{ topic: 'pricing' | 'security'; quote: string | null; atSeconds: number }>;
  /** Next steps Gong found in the call (highlights / points of interest). */
  nextSteps: string[];
  /** Whether the asking user may see this call: evidence from a hidden call is only counted. */
  visible: boolean;
}

export interface DealSignals {
  dealId: string;
  name: string | null;
  accountName: string | null;
  /** Current stage and close date (CRM context, Now), when known. */
  stage: string | null;
  closeDate: string | null;
  /** The deal's calls, oldest first. */
  calls: DealCallSignals[];
}
