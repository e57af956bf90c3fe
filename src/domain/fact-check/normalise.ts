// Words, stems and tokens: splitting text into tokens, comparison keys that
// ignore case and punctuation, Indonesian affix stemming, and tests for
// capitals, acronyms and digits.

export interface Token {
  /** As written, with a trailing dot if any. */
  raw: string;
  /** Without the trailing dot. */
  word: string;
  /** Lower case, dots and apostrophes removed. */
  key: string;
  start: number;
  /** End of the word, without a trailing dot. */
  end: number;
  /** End including a trailing dot. */
  rawEnd: number;
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:['’.\-/][\p{L}\p{N}]+)*\.?/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_RE)) {
    const raw = match[0];
    const start = match.index;
    const word = raw.endsWith('.') ? raw.slice(0, -1) : raw;
    tokens.push({ raw, word, key: keyOf(word), start, end: start + word.length, rawEnd: start + raw.length });
  }
  return tokens;
}

function keyOf(word: string): string {
  return word.toLowerCase().replace(/[.'’]/g, '');
}

const SUFFIXES = ['nya', 'kan', 'lah', 'kah', 'pun', 'an', 'i', 'ku', 'mu'];
const PARTICLE_SUFFIXES = ['nya', 'lah', 'kah', 'pun'];
// Prefix and what the stem may start with once it is removed (nasal prefixes swallow p/t/k/s).
const PREFIXES: Array<[string, string[]]> = [
  ['memper', ['']], ['diper', ['']], ['meng', ['', 'k']], ['peng', ['', 'k']], ['meny', ['s']], ['peny', ['s']],
  ['mem', ['', 'p']], ['pem', ['', 'p']], ['men', ['', 't']], ['pen', ['', 't']], ['me', ['']], ['pe', ['']],
  ['ber', ['']], ['ter', ['']], ['per', ['']], ['be', ['']], ['di', ['']], ['ke', ['']], ['se', ['']],
];
const MIN_STEM = 3;

const stemCache = new Map<string, string[]>();

/** Candidate stems of a lower-case word: the word itself and it without common affixes. */
export function stems(word: string): string[] {
  const cached = stemCache.get(word);
  if (cached) return cached;
  const out = new Set<string>([word]);
  const unsuffixed = stripSuffixes(word, SUFFIXES, 2);
  for (const candidate of unsuffixed) {
    out.add(candidate);
    for (const [prefix, restarts] of PREFIXES) {
      if (!candidate.startsWith(prefix)) continue;
      const rest = candidate.slice(prefix.length);
      if (rest.length < MIN_STEM) continue;
      for (const restart of restarts) {
        if (restart === '') out.add(rest);
        else if (/^[aiueo]/.test(rest)) out.add(restart + rest);
      }
    }
  }
  const result = [...out];
  stemCache.set(word, result);
  return result;
}

/** A proper noun keeps its shape: only particles like -nya may come off. */
export function properStems(word: string): string[] {
  return stripSuffixes(word, PARTICLE_SUFFIXES, 1);
}

function stripSuffixes(word: string, suffixes: string[], rounds: number): string[] {
  const out = [word];
  for (let round = 0; round < rounds; round += 1) {
    for (const candidate of [...out]) {
      for (const suffix of suffixes) {
        if (candidate.endsWith(suffix) && candidate.length - suffix.length >= 4) {
          const stripped = candidate.slice(0, -suffix.length);
          if (!out.includes(stripped)) out.push(stripped);
        }
      }
    }
  }
  return out;
}

export function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

export function isAcronym(word: string): boolean {
  return /^\p{Lu}[\p{Lu}\d]+$/u.test(word) && (word.match(/\p{Lu}/gu) ?? []).length >= 2;
}

export function hasDigit(word: string): boolean {
  return /\d/.test(word);
}

/** Case, punctuation and spacing do not make two findings different. */
export function looseKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function sharesStem(candidates: string[], sourceStems: string[]): boolean {
  return candidates.some((candidate) => sourceStems.includes(candidate));
}
