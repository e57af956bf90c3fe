// The sources, indexed for look-ups: word streams (with abbreviations expanded),
// acronyms and initials, lower-case stems, quote tokens, numbers and dates.

import { addDays, localDateOf } from '../calendar.js';
import { sourceDates } from './dates.js';
import type { SourceIndex, SourceWord } from './model.js';
import { isAcronym, isCapitalised, stems, tokenize } from './normalise.js';
import { sourceNumbers } from './numbers.js';
import { quoteTokens } from './quotes.js';
import type { Segment } from './segments.js';
import type { FactSources } from './types.js';
import { ABBREVIATIONS, CONNECTORS } from './word-lists.js';

export function buildSourceIndex(sources: FactSources, segments: Segment[]): SourceIndex {
  const texts = [...sources.texts, ...sources.records].filter((text) => text.trim().length > 0);
  const streams: SourceWord[][] = [];
  const capsTokens = new Set<string>();
  const lowerStems = new Set<string>();
  for (const text of texts) {
    const tokens = tokenize(text);
    const stream = tokens.map((token) => ({
      key: token.key,
      stems: stems(token.key),
      capital: isCapitalised(token.word),
    }));
    streams.push(stream);
    const expanded = expandAbbreviations(stream);
    if (expanded) streams.push(expanded);
    for (const token of tokens) {
      if (isAcronym(token.word)) capsTokens.add(token.key);
      if (!isCapitalised(token.word)) for (const stem of stems(token.key)) lowerStems.add(stem);
    }
  }
  for (const segment of segments) {
    for (const token of tokenize(segment.text)) {
      if (/^\p{Ll}/u.test(token.word)) for (const stem of stems(token.key)) lowerStems.add(stem);
    }
  }
  const initials = new Set<string>();
  for (const stream of streams) addInitials(stream, initials);
  const today = localDateOf(sources.submittedAt, sources.timeZone);
  const { dates, weekdays } = sourceDates(texts, today);
  return {
    streams,
    capsTokens,
    initials,
    lowerStems,
    quoteStreams: texts.map(quoteTokens),
    numbers: sourceNumbers(texts, today),
    dates,
    weekdays,
    submissionDates: [today, addDays(today, -1)],
  };
}

function expandAbbreviations(stream: SourceWord[]): SourceWord[] | null {
  let changed = false;
  const out: SourceWord[] = [];
  for (const word of stream) {
    const expansion = ABBREVIATIONS[word.key];
    if (expansion === undefined) {
      out.push(word);
      continue;
    }
    changed = true;
    for (const part of expansion.split(' ')) out.push({ key: part, stems: stems(part), capital: true });
  }
  return changed ? out : null;
}

/**
 * Initials of runs of source words, for acronyms in the draft. Runs of
 * capitalised words count from two words; lower-case runs (phone notes) only
 * from three, since two-letter initials of ordinary words match almost anything.
 */
function addInitials(stream: SourceWord[], into: Set<string>): void {
  const words = stream.filter((word) => !CONNECTORS.has(word.key) && /^\p{L}/u.test(word.key));
  for (let i = 0; i < words.length; i += 1) {
    let initials = '';
    let allCapital = true;
    for (let length = 1; length <= 6 && i + length <= words.length; length += 1) {
      const word = words[i + length - 1]!;
      initials += word.key[0];
      allCapital &&= word.capital;
      if (length >= 3 || (length === 2 && allCapital)) into.add(initials);
    }
  }
}
