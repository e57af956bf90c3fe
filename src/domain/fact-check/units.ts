// Names and organisations: groups the capitalised words of a draft segment
// into person names, organisations, areas and acronyms, and checks each unit
// against the sources.

import type { SourceIndex, Unit } from './model.js';
import type { Token } from './normalise.js';
import { hasDigit, isAcronym, isCapitalised, tokenize } from './normalise.js';
import type { SegmentContext } from './names.js';
import {
  isDegree,
  isNameInTitle,
  isPrefixTitle,
  isTitleCase,
  looksLikeNameAtSentenceStart,
  punctuationAfter,
  startsSentence,
  titlesSupported,
} from './names.js';
import { areaSupported, isGenericOnly, SPECIFIC_ORG_ABBREVIATIONS } from './organisations.js';
import { coveredBySources, findPhrase, pieceSupported, wordsOf } from './phrases.js';
import type { Report } from './report.js';
import type { Segment } from './segments.js';
import type { FindingKind } from './types.js';
import {
  ADMIN_WORDS,
  AREA_GOVERNMENTS,
  CONNECTORS,
  HONORIFICS,
  ORG_KEYWORDS,
  POSITIONS,
  STOP_WORDS,
} from './word-lists.js';

type TokenClass = 'honorific' | 'prefix' | 'connector' | 'org' | 'admin' | 'acronym' | 'name' | 'skip';

function classify(i: number, ctx: SegmentContext): TokenClass {
  const token = ctx.tokens[i]!;
  const next = ctx.tokens[i + 1];
  if (HONORIFICS.has(token.key) && next && isCapitalised(next.word)) return 'honorific';
  if (isPrefixTitle(token) && next && isCapitalised(next.word) && !punctuationAfter(ctx, i)) return 'prefix';
  if (CONNECTORS.has(token.key) && !isCapitalised(token.word)) return 'connector';
  if (hasDigit(token.word) && !isAcronym(token.word)) return 'skip';
  if (!isCapitalised(token.word)) return 'skip';
  if (STOP_WORDS.has(token.key) || POSITIONS.has(token.key)) return 'skip';
  if (ORG_KEYWORDS.has(token.key)) return 'org';
  if (ADMIN_WORDS.has(token.key)) return 'admin';
  if (isAcronym(token.word)) return 'acronym';
  if (ctx.titleCase) return isNameInTitle(i, ctx) ? 'name' : 'skip';
  if (startsSentence(ctx.text, ctx.tokens, i) && !looksLikeNameAtSentenceStart(i, ctx)) return 'skip';
  return 'name';
}

export function checkNamesIn(segment: Segment, properNouns: Set<string>, index: SourceIndex, report: Report): void {
  const tokens = tokenize(segment.text);
  const ctx: SegmentContext = {
    text: segment.text,
    tokens,
    titleCase: segment.isTitle === true && isTitleCase(segment.text),
    properNouns,
    index,
  };
  const vouched = spelledOutAcronyms(ctx);
  for (const unit of collectUnits(ctx, segment.speaker === true)) {
    if (isGenericOnly(unit)) continue;
    const text = unitText(unit, segment.text);
    const kind: FindingKind = unit.type === 'person' || unit.type === 'plain' ? 'name' : 'organisation';
    const spelledOut = unit.prefixes.length === 0 && unit.words.every((token) => vouched.has(token));
    report.checked(kind, text, segment.where, spelledOut || unitSupported(unit, index));
  }
}

/**
 * "Masa Pengenalan Lingkungan Sekolah (MPLS)": when the sources support the
 * acronym and its letters are the initials of the words before it, those words
 * are its spelling-out, not a new fact.
 */
function spelledOutAcronyms(ctx: SegmentContext): Set<Token> {
  const vouched = new Set<Token>();
  for (const match of ctx.text.matchAll(/\(([^()]{2,24})\)/g)) {
    const inner = tokenize(match[1]!);
    const letters = (match[1]!.match(/\p{Lu}/gu) ?? []).join('').toLowerCase();
    if (letters.length < 2 || inner.length === 0) continue;
    if (!inner.every((token) => pieceSupported(wordsOf([token]), ctx.index))) continue;
    const words = wordsBefore(ctx, match.index, letters.length);
    if (words && words.filter(isCapitalisedToken).map((token) => token.key[0]).join('') === letters) {
      for (const token of words) vouched.add(token);
    }
  }
  return vouched;
}

function isCapitalisedToken(token: Token): boolean {
  return isCapitalised(token.word);
}

/** The last `count` capitalised words before `offset` in the same clause, with lower-case words between them. */
function wordsBefore(ctx: SegmentContext, offset: number, count: number): Token[] | null {
  const out: Token[] = [];
  let capitals = 0;
  for (let i = ctx.tokens.length - 1; i >= 0 && capitals < count; i -= 1) {
    const token = ctx.tokens[i]!;
    if (token.rawEnd > offset) continue;
    const gapEnd = out[0]?.start ?? offset;
    if (/[,;:.()“”"!?]/.test(ctx.text.slice(token.rawEnd, gapEnd))) break;
    out.unshift(token);
    if (isCapitalised(token.word)) capitals += 1;
  }
  while (out[0] && !isCapitalised(out[0].word)) out.shift();
  return capitals === count ? out : null;
}

/** Groups the segment's capitalised words into names and organisations. */
function collectUnits(ctx: SegmentContext, speaker: boolean): Unit[] {
  const units: Unit[] = [];
  let unit: Unit | null = null;
  let personNext = speaker;
  let prefixes: Token[] = [];
  const close = (): void => {
    const done = unit as Unit | null;
    while (done && done.words.length > 0 && CONNECTORS.has(done.words[done.words.length - 1]!.key)) done.words.pop();
    if (done && done.words.length > 0) units.push(done);
    unit = null;
  };

  ctx.tokens.forEach((token, i) => {
    const gap = i === 0 ? '' : ctx.text.slice(ctx.tokens[i - 1]!.rawEnd, token.start);
    const current = unit as Unit | null;
    // Degrees follow the name after a comma: "Julmansyah, S.Hut., M.A.P".
    if (current && (current.type === 'person' || current.type === 'plain') && isDegree(token)) {
      const lastWasDegree = current.degrees.length > 0 && !/[;:()“”"\n]/.test(gap);
      if ((gap.includes(',') && !/[;:()“”"\n]/.test(gap)) || lastWasDegree) {
        current.degrees.push(token);
        current.type = 'person';
        return;
      }
    }
    if (i > 0 && (/[,;:()“”"!?\n–—]/.test(gap) || startsSentence(ctx.text, ctx.tokens, i))) close();

    const cls = classify(i, ctx);
    const open = unit as Unit | null;
    switch (cls) {
      case 'honorific':
        close();
        personNext = true;
        return;
      case 'prefix':
        if (open && open.words.length > 0) close();
        prefixes.push(token);
        personNext = true;
        return;
      case 'skip':
        close();
        personNext = speaker && units.length === 0;
        prefixes = [];
        return;
      case 'connector': {
        const next = ctx.tokens[i + 1];
        const joins =
          next !== undefined && isCapitalised(next.word) && (open?.type === 'org' || open?.type === 'plain');
        if (joins && open) open.words.push(token);
        else close();
        return;
      }
      case 'org':
        if (open?.type === 'org') open.words.push(token);
        else {
          close();
          unit = { type: 'org', words: [token], prefixes: [], degrees: [] };
        }
        return;
      case 'admin':
        if (open?.type === 'org') open.words.push(token);
        else {
          close();
          unit = { type: 'admin', words: [token], prefixes: [], degrees: [] };
        }
        return;
      case 'acronym':
        if (open?.type === 'org' || open?.type === 'admin') open.words.push(token);
        else {
          close();
          units.push({ type: 'acronym', words: [token], prefixes: [], degrees: [] });
        }
        return;
      case 'name':
        if (open && open.degrees.length === 0) open.words.push(token);
        else {
          close();
          unit = { type: personNext || prefixes.length > 0 ? 'person' : 'plain', words: [token], prefixes, degrees: [] };
          prefixes = [];
          personNext = false;
        }
        return;
    }
  });
  close();
  return units;
}

/** The unit as written in the draft, from its first title to its last degree. */
function unitText(unit: Unit, text: string): string {
  const first = unit.prefixes[0] ?? unit.words[0]!;
  const lastDegree = unit.degrees[unit.degrees.length - 1];
  const end = lastDegree ? lastDegree.rawEnd : unit.words[unit.words.length - 1]!.end;
  return text.slice(first.start, end);
}

function unitSupported(unit: Unit, index: SourceIndex): boolean {
  const words = wordsOf(unit.words);
  const keys = words.map((word) => word.key);
  switch (unit.type) {
    case 'person':
      return findPhrase(keys, index).length > 0 && titlesSupported(unit, index);
    case 'plain':
      return coveredBySources(words, index);
    case 'acronym':
      return pieceSupported(words, index);
    case 'admin':
      return areaSupported(keys, index);
    case 'org': {
      if (AREA_GOVERNMENTS.has(keys[0]!) && keys.length > 1) return areaSupported(keys.slice(1), index);
      const first = words[0]!;
      const specific = first.acronym || SPECIFIC_ORG_ABBREVIATIONS.has(first.key);
      return coveredBySources(words, index, words.length > 1 && !specific ? 2 : 1);
    }
  }
}
