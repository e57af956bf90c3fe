// Direct quotes: each quote in the draft must match, closely and in order,
// words the sources contain, allowing for spoken spellings and fillers.

import type { SourceIndex } from './model.js';
import { sharesStem, stems } from './normalise.js';
import { formatValue, MULTIPLIERS, parseDigits, parseNumberWords } from './numbers.js';
import type { Report } from './report.js';
import type { Segment } from './segments.js';
import { FILLERS, INFORMAL } from './word-lists.js';

const QUOTE_SIMILARITY = 0.85;

export function checkQuotesIn(segment: Segment, index: SourceIndex, report: Report): void {
  const quoted = segment.quoteField
    ? [segment.text]
    : [...segment.text.matchAll(/“([^”]+)”|"([^"]+)"/g)].map((match) => match[1] ?? match[2] ?? '');
  for (const raw of quoted) {
    // The comma before a closing quote mark belongs to the sentence around it.
    const text = raw.trim().replace(/[,;:]+$/, '');
    if (/[\p{L}\p{N}]/u.test(text)) report.checked('quote', text, segment.where, quoteSupported(text, index));
  }
}

function quoteSupported(text: string, index: SourceIndex): boolean {
  const wanted = quoteTokens(text);
  if (wanted.length === 0) return true;
  const needed = wanted.length < 3 ? 1 : QUOTE_SIMILARITY;
  return index.quoteStreams.some((source) => bestWindowCoverage(wanted, source) >= needed);
}

/** Words of a quote in a comparable form: written spelling, numbers as values, no particles. */
export function quoteTokens(text: string): string[] {
  const out: string[] = [];
  const words = [...text.toLowerCase().matchAll(/\d+(?:[.,]\d+)*|\p{L}+(?:['’-]\p{L}+)*/gu)].map((m) => m[0]);
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (/^\d/.test(word)) {
      const multiplier = MULTIPLIERS[words[i + 1] ?? ''];
      const value = parseDigits(word)[0] ?? 0;
      out.push(`#${formatValue(value * (multiplier ?? 1))}`);
      if (multiplier !== undefined) i += 1;
      continue;
    }
    const spoken = parseNumberWords(words, i);
    if (spoken) {
      out.push(`#${formatValue(spoken.value)}`);
      i += spoken.length - 1;
      continue;
    }
    const written = INFORMAL[word] ?? word;
    if (!FILLERS.has(written)) out.push(written);
  }
  return out;
}

/** The share of the quote's words found in order within the best stretch of the source. */
function bestWindowCoverage(wanted: string[], source: string[]): number {
  if (source.length === 0) return 0;
  const width = Math.ceil(wanted.length * 1.5) + 3;
  const wantedStems = wanted.map(stems);
  const sourceStems = source.map(stems);
  let best = 0;
  for (let start = 0; start < source.length; start += 1) {
    const end = Math.min(source.length, start + width);
    best = Math.max(best, orderedMatches(wantedStems, sourceStems, start, end));
    if (best === wanted.length) break;
  }
  return best / wanted.length;
}

/** Longest common subsequence of the quote and source[start, end), comparing stems. */
function orderedMatches(wanted: string[][], source: string[][], start: number, end: number): number {
  let previous = new Array<number>(end - start + 1).fill(0);
  for (const candidates of wanted) {
    const row = new Array<number>(end - start + 1).fill(0);
    for (let j = 1; j <= end - start; j += 1) {
      row[j] = sharesStem(candidates, source[start + j - 1]!)
        ? previous[j - 1]! + 1
        : Math.max(previous[j]!, row[j - 1]!);
    }
    previous = row;
  }
  return previous[end - start]!;
}
