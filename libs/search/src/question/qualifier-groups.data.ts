/**
 * Groups whose words judge another concept rather than name a topic of their own: "compliance
 * concerns", "pricing pushback", "are they worried about data privacy" ask about compliance,
 * pricing and privacy, in the tone of an objection. Beside a concept of another group the question
 * names by its words, such a group only ranks among the topic's passages
 * (`QUALIFIER_CONCEPT_WEIGHT`) and its trackers are not read (an Objections tracker firing on a
 * budget complaint is no evidence about compliance). Alone ("what objections came up") it is the
 * topic and keeps its weight and trackers. Data, like the synonym groups (names of
 * `SALES_SYNONYM_GROUPS`).
 */
export const QUALIFIER_GROUPS: readonly string[] = ['objections'];
