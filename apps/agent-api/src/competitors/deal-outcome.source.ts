import { Inject, Injectable } from '@nestjs/common';
import { CompetitorMentionsRepository } from '@gong-connector/persistence';

/** How a closed deal ended. */
export type DealOutcome = 'won' | 'lost';

/**
 * The port behind win rates: the outcome of each closed deal (CRM opportunity id); open or
 * unknown deals are left out of the answer. Its one adapter today reads the calls' CRM context;
 * a deals replica (stage history) can take its place without touching the trends.
 */
export interface DealOutcomeSource {
  outcomesOf(dealIds: readonly string[]): Promise<Map<string, DealOutcome>>;
}

export const DEAL_OUTCOME_SOURCE = Symbol('DEAL_OUTCOME_SOURCE');

/** Outcomes from the calls' CRM context: the opportunity's newest stage, `Closed Won` or `Closed Lost`. */
@Injectable()
export class CrmContextDealOutcomeSource implements DealOutcomeSource {
  constructor(@Inject(CompetitorMentionsRepository) private readonly mentions: Pick<CompetitorMentionsRepository, 'crmDealOutcomes'>) {}

  outcomesOf(dealIds: readonly string[]): Promise<Map<string, DealOutcome>> {
    return this.mentions.crmDealOutcomes(dealIds);
  }
}
