/**
 * Words naming an act whose time a question may ask about ("when will they decide", "how fast can
 * we get it signed", "what is the timeline for their decision"). Beside the timeline concept (a
 * timeline word of the question, or "when"), such a word names the event being timed, not the
 * people of its group (who decides, who signs): it is read as a word of its own (matched by its
 * own forms, weighed as a word beside a concept), and the question's concept is its timing. A
 * question naming the group by another word too ("when will the CFO sign") keeps the group. Data,
 * like the synonym groups; words are matched in any form ("signed", "decisions").
 */
export const TIMED_ACT_WORDS: readonly string[] = ['decide', 'decision', 'sign', 'signature', 'signing', 'sign off', 'approve', 'approval'];

/** The synonym group a question about timing asks for (its name in `SALES_SYNONYM_GROUPS`). */
export const TIMING_GROUP = 'timeline';
