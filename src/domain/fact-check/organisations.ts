// Organisations and administrative areas: which units name nothing in
// particular, which abbreviations name one office, and how an area is found
// in the sources.

import type { SourceIndex, Unit } from './model.js';
import { isAcronym } from './normalise.js';
import { findPhrase } from './phrases.js';
import { ADMIN_WORDS, ORG_KEYWORDS } from './word-lists.js';

// Abbreviations that name one particular office, so they count on their own.
export const SPECIFIC_ORG_ABBREVIATIONS = new Set([
  'dinkes', 'dikes', 'disdik', 'dikbud', 'distan', 'dinsos', 'dishub', 'diskominfo', 'disdukcapil', 'dukcapil',
  'bappeda', 'damkar', 'setda', 'prokopim',
]);

/** A lone "Dinas" or "Desa" names nothing in particular. */
export function isGenericOnly(unit: Unit): boolean {
  return unit.words.every(
    (token) => !isAcronym(token.word) && (ORG_KEYWORDS.has(token.key) || ADMIN_WORDS.has(token.key)),
  );
}

/** "Desa Kuang" is supported by "Kuang"; "Kabupaten Sumbawa Barat" also by "KSB". */
export function areaSupported(words: string[], index: SourceIndex): boolean {
  const [kind, ...name] = ADMIN_WORDS.has(words[0]!) ? words : ['', ...words];
  if (name.length === 0) return true;
  if (findPhrase(name, index).length > 0) return true;
  const initials = name.map((word) => word[0]).join('');
  return index.capsTokens.has(initials) || index.capsTokens.has(`${kind?.[0] ?? ''}${initials}`);
}
