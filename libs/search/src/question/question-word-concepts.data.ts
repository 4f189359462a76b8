/**
 * Question words that ask about a concept of the sales vocabulary by themselves: "when will they
 * decide" asks about a timeline though none of its other words is one. The question word is still a
 * stop word (it names no evidence); the group it implies is added to the question as a concept of
 * its own (the group's terms as synonyms, its trackers), unless the question already names that
 * group; a question of nothing but question words stays empty. Keys are question words; values are `SynonymGroup` names.
 */
export const QUESTION_WORD_CONCEPTS: Readonly<Record<string, string>> = Object.freeze({
  when: 'timeline',
});
