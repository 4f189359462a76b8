/**
 * Words a natural-language question is stripped of before its terms are matched: English function
 * words, and the words people wrap a question in ("what did the customer say about ...", "any
 * mention of ..."), which name no evidence. Data, like the synonym groups.
 */
export const QUESTION_STOP_WORDS: ReadonlySet<string> = new Set([
  // English function words
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'being', 'but', 'by', 'can', 'could', 'for', 'from', 'had', 'has',
  'have', 'having', 'he', 'her', 'hers', 'him', 'his', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'me', 'my', 'no', 'nor',
  'not', 'of', 'off', 'on', 'or', 'our', 'ours', 'she', 'so', 'than', 'that', 'the', 'their', 'theirs', 'them', 'then',
  'there', 'these', 'they', 'this', 'those', 'to', 'too', 'up', 'us', 'was', 'we', 'were', 'will', 'with', 'would',
  'you', 'your', 'yours', 'should', 'shall', 'may', 'might', 'must', 'do', 'does', 'did', 'doing', 'done', 'am', 'all',
  'also', 'just', 'very', 'more', 'most', 'some', 'such', 'own', 'same', 'other', 'only', 'both', 'each', 'few', 'again',
  'over', 'under', 'out', 'about', 'above', 'below', 'after', 'before', 'while', 'during', 'between', 'through', 'until',
  // question words and wrappers
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'any', 'anything', 'anyone', 'something',
  'someone', 'everything', 'ever', 'please', 'show', 'find', 'give', 'list', 'tell', 'told', 'know', 'let', 'get', 'got',
  'say', 'said', 'says', 'saying', 'mention', 'mentioned', 'mentions', 'mentioning', 'talk', 'talked', 'talking', 'talks',
  'discuss', 'discussed', 'discussing', 'discussion', 'discussions', 'bring', 'brought', 'raise', 'raised', 'come', 'came',
  'regarding', 'around', 're', 'like', 'think', 'thought', 'feel', 'felt', 'express', 'expressed', 'share', 'shared',
  'customer', 'customers', 'prospect', 'prospects', 'client', 'clients', 'buyer', 'buyers', 'side', 'team', 'rep', 'reps', 'people',
  'call', 'calls', 'meeting', 'meetings', 'conversation', 'conversations', 'account', 'accounts', 'deal', 'deals',
  'recent', 'recently', 'last', 'past', 'week', 'weeks', 'month', 'months', 'days', 'quarter', 'year', 'lately',
  'evidence', 'passage', 'passages', 'examples', 'example', 'things', 'thing', 'stuff', 'kind', 'sort',
  'lot', 'lots', 'much', 'many', 'else', 'whoever', 'whatever', 'really', 'actually', 'still', 'currently', 'maybe',
  'anyway', 'exactly', 'probably', 'yet', 'already', 'even', 'here', 'now',
  // light verbs a question is phrased with ("are they asking for ...", "who makes ...", "do they want ...")
  'ask', 'asks', 'asked', 'asking', 'make', 'makes', 'made', 'making', 'want', 'wants', 'wanted', 'wanting', 'need', 'needs',
  'needed', 'go', 'goes', 'going', 'went', 'bringing', 'brings',
  // plurals and adverbs of the wrappers above ("both sides", "afterwards")
  'sides', 'afterwards', 'afterward',
  // what is left of contractions once the apostrophe goes ("didn't" -> "didn")
  'won', 'don', 'didn', 'doesn', 'isn', 'aren', 'wasn', 'weren', 'haven', 'hasn', 'couldn', 'wouldn', 'shouldn', 'can',
]);

/**
 * Phrases a question is wrapped in that hold a word of the sales vocabulary in another sense
 * ("any signs they might cancel": signals, not signatures): dropped like stop words, before the
 * vocabulary is looked up. Data, like the stop words.
 */
export const QUESTION_WRAPPER_PHRASES: readonly string[] = [
  'any signs', 'any sign', 'signs of', 'sign of', 'signs that', 'sign that', 'warning signs', 'early signs', 'any signals', 'signals of',
];
