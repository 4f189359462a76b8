/**
 * Words spoken around what a passage says (hesitations, backchannels, hedges): two passages that
 * differ only by these (and by stop words, word order or word forms) say the same thing, and a
 * search shows one of them; a passage of nothing else says nothing a question asks about.
 * Hyphenated backchannels are listed whole too ("mm-hmm": the English parser keeps the compound
 * beside its parts). Data, like the synonym groups.
 */
export const TRANSCRIPT_FILLER_WORDS: readonly string[] = [
  'um', 'umm', 'uh', 'uhh', 'er', 'erm', 'hmm', 'hm', 'mm', 'mhm', 'mhmm', 'huh', 'uh-huh', 'mm-hmm', 'uh-uh', 'yeah', 'yep', 'yes', 'okay', 'ok', 'right', 'well', 'so', 'like',
  'know', 'mean', 'look', 'honestly', 'frankly', 'basically', 'actually', 'really', 'literally', 'kind', 'sort', 'guess',
  'think', 'just', 'totally', 'sure', 'anyway', 'oh', 'ah', 'great', 'cool',
];
