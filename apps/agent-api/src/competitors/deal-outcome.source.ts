import { Inject, Injectable } from '@nestjs/common';
import { CompetitorMentionsRepository } from '@gong-connector/persistence';

/** How a closed deal ended. */
export type DealOutcome = 'won' | 'lost';

/**
 * The port behind win rates: the outcome of each closed deal (CRM opportunity id); open or
 * unknown deals are left out of the answer.
 */
export interface DealOutcomeSource {
  outcomesOf(dealIds: readonly string[]): Promise<Map<string, DealOutcome>>;
}

export const DEAL_OUTCOME_SOURCE = Symbol('DEAL_OUTCOME_SOURCE');

/**
 * Outcomes from the deals replica (`deals.outcome`), and for a deal it does not hold yet from the
 * calls' CRM context: the opportunity's newest stage, `Closed Won` or `Closed Lost`.
 */
@Injectable()
export class ReplicaDealOutcomeSource implements DealOutcomeSource {
  constructor(@Inject(CompetitorMentionsRepository) private readonly mentions: Pick<CompetitorMentionsRepository, 'dealOutcomes'>) {}

  outcomesOf(dealIds: readonly string[]): Promise<Map<string, DealOutcome>> {
    return this.mentions.dealOutcomes(dealIds);
  }
}
