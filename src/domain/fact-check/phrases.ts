// Phrase look-up: whether a run of draft words appears in the sources as
// written, abbreviated, expanded or as an acronym.

import type { SourceIndex } from './model.js';
import type { Token } from './normalise.js';
import { isAcronym, properStems, sharesStem } from './normalise.js';
import { ABBREVIATIONS, CONNECTORS } from './word-lists.js';

/** Positions where the words of `piece` appear one after another in a source. */
export function findPhrase(piece: string[], index: SourceIndex): Array<{ stream: number; at: number }> {
  const wanted = piece.map(properStems);
  const hits: Array<{ stream: number; at: number }> = [];
  index.streams.forEach((stream, streamIndex) => {
    for (let at = 0; at + wanted.length <= stream.length; at += 1) {
      if (wanted.every((candidates, offset) => sharesStem(candidates, stream[at + offset]!.stems))) {
        hits.push({ stream: streamIndex, at });
      }
    }
  });
  return hits;
}

export interface Word {
  key: string;
  /** Written in capitals in the draft ("DLH"). */
  acronym: boolean;
}

export function wordsOf(tokens: Token[]): Word[] {
  return tokens.map((token) => ({ key: token.key, acronym: isAcronym(token.word) }));
}

/** Whether a run of capitalised words appears in the sources as written, abbreviated or as an acronym. */
export function pieceSupported(piece: Word[], index: SourceIndex): boolean {
  const keys = piece.map((word) => word.key);
  if (findPhrase(keys, index).length > 0) return true;
  const expanded = keys.flatMap((key) => (ABBREVIATIONS[key] ?? key).split(' '));
  if (expanded.length !== keys.length && findPhrase(expanded, index).length > 0) return true;
  const named = keys.filter((key) => !CONNECTORS.has(key));
  if (named.length >= 2) {
    // "Dinas Lingkungan Hidup" where the sources say "DLH"; "Sumbawa Barat" where they say "KSB".
    const initials = named.map((key) => key[0]).join('');
    if (index.capsTokens.has(initials) || index.capsTokens.has(`k${initials}`)) return true;
  }
  // "DLH" where the sources say "Dinas Lingkungan Hidup".
  return piece.length === 1 && piece[0]!.acronym && index.initials.has(piece[0]!.key);
}

/**
 * Covers the words with runs that each appear in the sources, longest first.
 * `firstAtLeast` makes an organisation's keyword count only together with the
 * word after it: "Dinas" alone proves nothing about "Dinas Sosial".
 */
export function coveredBySources(words: Word[], index: SourceIndex, firstAtLeast = 1): boolean {
  let from = 0;
  while (from < words.length) {
    if (from > 0 && CONNECTORS.has(words[from]!.key)) {
      from += 1;
      continue;
    }
    const minimum = from === 0 ? Math.min(firstAtLeast, words.length) : 1;
    let length = words.length - from;
    while (length >= minimum && !pieceSupported(words.slice(from, from + length), index)) length -= 1;
    if (length < minimum) return false;
    from += length;
  }
  return true;
}
