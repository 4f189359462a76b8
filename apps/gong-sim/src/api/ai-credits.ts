/**
 * The company's Gong AI credit balance (get-brief and ask-entity spend it). Gong states only that a
 * request "consumes Gong credits according to the number of emails and calls used"; its rate is not
 * public. The sim charges `aiCreditCost` (1 credit, plus 1 per 10 calls and emails used) and answers
 * 402 Payment Required (the spec's status for these endpoints) once the balance cannot pay for a
 * request: nothing is generated and nothing is charged then.
 */
export class AiCreditBalance {
  private left: number;
  private spentTotal = 0;

  constructor(initial: number) {
    this.left = initial;
  }

  remaining(): number {
    return this.left;
  }

  spent(): number {
    return this.spentTotal;
  }

  set(credits: number): void {
    this.left = Math.max(0, Math.floor(credits));
  }

  /** Takes `cost` credits; false (and nothing taken) when the balance is short. */
  trySpend(cost: number): boolean {
    if (cost > this.left) return false;
    this.left -= cost;
    this.spentTotal += cost;
    return true;
  }
}

/** What one AI request costs in the sim: 1 credit, plus 1 per started 10 calls and emails used. */
export function aiCreditCost(callsUsed: number, emailsUsed: number): number {
  return 1 + Math.ceil((callsUsed + emailsUsed) / 10);
}

/** Gong's error text for an exhausted balance (a documented guess: the spec gives only the 402 status and the ErrorResponse shape). */
export const OUT_OF_CREDITS = 'Insufficient Gong credits: the company has no AI credits left for this request. Add credits in Gong (Company settings > Credits) and try again';
