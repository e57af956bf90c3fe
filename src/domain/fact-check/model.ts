// Shapes shared by the checks: the sources indexed for look-ups, and the
// names and organisations grouped from the draft's capitalised words.

import type { Token } from './normalise.js';

export interface SourceWord {
  key: string;
  stems: string[];
  /** Written with a capital (or part of an expanded abbreviation): may be part of a name. */
  capital: boolean;
}

export interface SourceIndex {
  /** Each source text as words; texts with abbreviations also appear expanded. */
  streams: SourceWord[][];
  /** Acronyms written in capitals in the sources (lower case). */
  capsTokens: Set<string>;
  /** Initials of every short run of source words (lower case): "dinas lingkungan hidup" -> "dlh". */
  initials: Set<string>;
  /** Stems of words the draft or the sources write in lower case: common words, not names. */
  lowerStems: Set<string>;
  /** Each source text as comparison tokens for quotes. */
  quoteStreams: string[][];
  numbers: Set<string>;
  dates: Set<string>;
  weekdays: Set<number>;
  /** The submission day and the day before, in the office's time zone. */
  submissionDates: string[];
}

export type UnitType = 'person' | 'plain' | 'org' | 'admin' | 'acronym';

export interface Unit {
  type: UnitType;
  words: Token[];
  prefixes: Token[];
  degrees: Token[];
}
