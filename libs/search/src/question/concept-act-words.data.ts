/**
 * Words naming an act (deciding, signing, approving) that a question may ask about as the act of
 * another concept: its timing ("when will they decide", "how fast can we get it signed"), or the
 * review it ends ("does infosec need to approve us"). Beside a concept of another group (a group
 * the question names, or one a question word implies), such a word names that concept's act, not
 * the people of its own group (who decides, who signs): it is read as a word of its own (matched by
 * its own forms, weighed as a word beside a concept). Alone ("who needs to approve this"), or
 * beside a role of its group ("when will the CFO sign"), it keeps its group. Data, like the synonym
 * groups; words are matched in any form ("signed", "decisions").
 */
export const CONCEPT_ACT_WORDS: readonly string[] = ['decide', 'decision', 'sign', 'signature', 'signing', 'sign off', 'approve', 'approval'];

/**
 * The group a question about timing asks for (its name in `SALES_SYNONYM_GROUPS`): beside it, an
 * act word is the event being timed ("how fast can we get them signed"), which the group's passages
 * answer whether or not they name it, so the act is dropped rather than read as a word.
 */
export const TIMING_GROUP = 'timeline';
