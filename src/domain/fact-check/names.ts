// Person names: titles, degrees and honorifics around a name, where sentences
// start, which capitalised words may be names, and whether a person's titles
// appear near the name in the sources.

import type { SourceIndex, SourceWord, Unit } from './model.js';
import type { Token } from './normalise.js';
import { hasDigit, isAcronym, isCapitalised, stems, tokenize } from './normalise.js';
import { findPhrase } from './phrases.js';
import type { Segment } from './segments.js';
import {
  ADMIN_WORDS,
  DEGREES,
  HONORIFICS,
  ORG_KEYWORDS,
  POSITIONS,
  PREFIX_NEEDS_DOT,
  PREFIX_TITLES,
  STOP_WORDS,
} from './word-lists.js';

/** A degree or title written with dots inside, like S.Hut., M.A.P or Sp.PD. */
function looksLikeDottedTitle(raw: string): boolean {
  return /^(?:\p{L}{1,4}\.)+\p{L}{0,4}\.?$/u.test(raw) && /\p{Lu}/u.test(raw);
}

export function isDegree(token: Token): boolean {
  return DEGREES.has(token.key) || (looksLikeDottedTitle(token.raw) && token.key.length >= 2);
}

export function isPrefixTitle(token: Token): boolean {
  if (!PREFIX_TITLES.has(token.key)) return false;
  if (PREFIX_NEEDS_DOT.has(token.key)) return token.raw.endsWith('.') || token.raw.includes('.');
  return isCapitalised(token.word) || token.raw.includes('.');
}

/** Synonyms under which a title may appear in the sources. */
function titleVariants(key: string): string[] {
  const variants: Record<string, string[]> = {
    h: ['h', 'haji'],
    hj: ['hj', 'hajjah', 'hajah', 'haji'],
    dr: ['dr', 'dokter', 'doktor'],
    drg: ['drg', 'dokter'],
    prof: ['prof', 'profesor', 'professor'],
    ir: ['ir', 'insinyur'],
    kh: ['kh', 'kiai', 'kyai'],
  };
  return variants[key] ?? [key];
}

/** Words the draft capitalises in the middle of a sentence outside its title: its proper nouns. */
export function draftProperNouns(segments: Segment[]): Set<string> {
  const nouns = new Set<string>();
  for (const segment of segments) {
    if (segment.isTitle) continue;
    const tokens = tokenize(segment.text);
    tokens.forEach((token, i) => {
      if (isCapitalised(token.word) && !startsSentence(segment.text, tokens, i)) nouns.add(token.key);
    });
  }
  return nouns;
}

export function startsSentence(text: string, tokens: Token[], i: number): boolean {
  if (i === 0) return true;
  const previous = tokens[i - 1]!;
  const gap = text.slice(previous.rawEnd, tokens[i]!.start);
  if (/[!?:;“”"\n(–—]/.test(gap)) return true;
  if (!previous.raw.endsWith('.') || gap.includes(',')) return false;
  // A degree closes a name, so "…, M.A.P. Bibit" starts a new sentence; "dr. Andi" does not.
  if (isTrailingDegree(previous) && isCapitalised(tokens[i]!.word)) return true;
  return !isAbbreviatedWord(previous);
}

function isTrailingDegree(token: Token): boolean {
  return isDegree(token) && !PREFIX_TITLES.has(token.key) && !/^\p{Lu}$/u.test(token.word);
}

/** A dot after a title, degree or initial does not end a sentence. */
function isAbbreviatedWord(token: Token): boolean {
  return (
    PREFIX_TITLES.has(token.key) ||
    DEGREES.has(token.key) ||
    looksLikeDottedTitle(token.raw) ||
    /^\p{Lu}$/u.test(token.word) ||
    HONORIFICS.has(token.key) ||
    ['no', 'kab', 'kec', 'kel', 'ds', 'jl', 'sdr', 'bpk', 'plt', 'plh', 'pj', 'dsb', 'dll', 'tgl'].includes(token.key)
  );
}

/** Whether the title capitalises most words, so capitals there say nothing about names. */
export function isTitleCase(text: string): boolean {
  const words = tokenize(text).filter((token) => token.word.length >= 4 && !hasDigit(token.word));
  if (words.length === 0) return false;
  return words.filter((token) => isCapitalised(token.word)).length / words.length >= 0.6;
}

export interface SegmentContext {
  text: string;
  tokens: Token[];
  titleCase: boolean;
  properNouns: Set<string>;
  index: SourceIndex;
}

/**
 * Every sentence starts with a capital, so a first word counts as a name only
 * with more evidence: the draft capitalises it elsewhere, or another name word
 * follows it ("Ahmad Fauzi menjelaskan").
 */
export function looksLikeNameAtSentenceStart(i: number, ctx: SegmentContext): boolean {
  const token = ctx.tokens[i]!;
  if (isCommonWord(token.key, ctx.index) || isReduplicated(token.key)) return false;
  if (ctx.properNouns.has(token.key)) return true;
  const next = ctx.tokens[i + 1];
  if (next === undefined || /[,;:()“”"\n.!?]/.test(ctx.text.slice(token.rawEnd, next.start))) return false;
  return mayBeNameWord(next);
}

/** Capitalised, and none of the words that mark titles, positions, organisations or areas. */
function mayBeNameWord(token: Token): boolean {
  return (
    isCapitalised(token.word) &&
    !isAcronym(token.word) &&
    !hasDigit(token.word) &&
    !STOP_WORDS.has(token.key) &&
    !POSITIONS.has(token.key) &&
    !ORG_KEYWORDS.has(token.key) &&
    !ADMIN_WORDS.has(token.key)
  );
}

/**
 * A headline capitalises every word. A word there is a name when the draft uses
 * it as one elsewhere, or when it and a neighbour are both words the draft and
 * sources never write in lower case ("Lukman Hakim"); headline verbs like
 * "Tanam" appear in lower case ("menanam") and stay out.
 */
export function isNameInTitle(i: number, ctx: SegmentContext): boolean {
  if (ctx.properNouns.has(ctx.tokens[i]!.key)) return true;
  if (!isUncommonCapital(ctx.tokens[i]!, ctx)) return false;
  const neighbours = [i - 1, i + 1].filter((j) => {
    const other = ctx.tokens[j];
    if (other === undefined) return false;
    const [left, right] = j < i ? [other, ctx.tokens[i]!] : [ctx.tokens[i]!, other];
    return !/[,;:()“”"!?–—]/.test(ctx.text.slice(left.rawEnd, right.start));
  });
  // A known name next to a headline verb ("Seteluk Jangkau") is not enough: both must be unknown.
  return neighbours.some((j) => !ctx.properNouns.has(ctx.tokens[j]!.key) && isUncommonCapital(ctx.tokens[j]!, ctx));
}

function isUncommonCapital(token: Token, ctx: SegmentContext): boolean {
  return mayBeNameWord(token) && !isReduplicated(token.key) && !isCommonWord(token.key, ctx.index);
}

/** A prefix title belongs to the name after it only when no punctuation separates them. */
export function punctuationAfter(ctx: SegmentContext, i: number): boolean {
  const token = ctx.tokens[i]!;
  const next = ctx.tokens[i + 1];
  return next === undefined || /[,;:()“”"\n]/.test(ctx.text.slice(token.rawEnd, next.start));
}

/** "Masing-masing", "Anak-anak": reduplicated words are never names. */
function isReduplicated(key: string): boolean {
  const [first, second, ...rest] = key.split('-');
  return rest.length === 0 && first !== undefined && second !== undefined && second.startsWith(first.slice(0, 3));
}

/** A sentence-initial capital proves nothing when the word is also used in lower case. */
function isCommonWord(key: string, index: SourceIndex): boolean {
  return stems(key).some((stem) => index.lowerStems.has(stem));
}

/** Every title and degree of a person must appear near that person's name in the sources. */
export function titlesSupported(unit: Unit, index: SourceIndex): boolean {
  const titles = [...unit.prefixes, ...unit.degrees];
  if (titles.length === 0) return true;
  const words = unit.words.map((token) => token.key);
  const hits = findPhrase(words, index);
  return titles.every((title) =>
    hits.some(({ stream, at }) => titleNear(title.key, index.streams[stream]!, at, at + words.length)),
  );
}

function titleNear(key: string, stream: SourceWord[], from: number, to: number): boolean {
  const window = stream.slice(Math.max(0, from - 6), Math.min(stream.length, to + 12)).map((word) => word.key);
  const variants = titleVariants(key);
  return window.some(
    (word, i) => variants.includes(word) || variants.includes(word + (window[i + 1] ?? '')),
  );
}
