// Numbers: digits, amounts with multipliers, percentages, clock times and
// Indonesian number words, read from the sources and checked in the draft.

import type { SourceIndex } from './model.js';
import type { Report } from './report.js';
import type { Segment } from './segments.js';

export const MULTIPLIERS: Record<string, number> = {
  ribu: 1e3, rb: 1e3, juta: 1e6, jt: 1e6, miliar: 1e9, milyar: 1e9, triliun: 1e12,
};
const UNIT_WORDS: Record<string, number> = {
  nol: 0, kosong: 0, satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9,
};
// "se-" forms: one of the multiplier.
const SE_WORDS: Record<string, string> = {
  sepuluh: 'puluh', sebelas: 'belas', seratus: 'ratus', seribu: 'ribu', sejuta: 'juta', semiliar: 'miliar',
};
const BIG_WORDS: Record<string, number> = { ribu: 1e3, juta: 1e6, miliar: 1e9, milyar: 1e9, triliun: 1e12 };

export interface Span {
  start: number;
  end: number;
}

interface NumberMention extends Span {
  text: string;
  /** Candidate readings: "1,250" may be 1.25 or 1250. Times are "t08:00". */
  values: string[];
}

export function formatValue(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Readings of a digit string under Indonesian (and, where ambiguous, English) conventions. */
export function parseDigits(digits: string): number[] {
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(digits)) return [Number(digits.replace(/\./g, '').replace(',', '.'))];
  if (/^\d{1,3}(?:,\d{3})+$/.test(digits)) return [Number(digits.replace(',', '.')), Number(digits.replace(/,/g, ''))];
  if (/^\d+,\d+$/.test(digits)) return [Number(digits.replace(',', '.'))];
  if (/^\d+\.\d{1,2}$/.test(digits)) return [Number(digits)];
  if (/^\d+$/.test(digits)) return [Number(digits)];
  return [Number(digits.replace(/[.,]/g, ''))];
}

/** Reads Indonesian number words starting at `from`: "dua ratus lima puluh" -> 250. */
export function parseNumberWords(words: string[], from: number): { value: number; length: number } | null {
  let total = 0;
  let group = 0;
  let unit: number | null = null;
  let i = from;
  const addScaled = (scale: number): boolean => {
    const amount = group + (unit ?? 0);
    if (amount === 0) return false;
    total += amount * scale;
    group = 0;
    unit = null;
    return true;
  };
  const applySmall = (word: string, amount: number): boolean => {
    if (word === 'belas') group += 10 + amount;
    else if (word === 'puluh') group += amount * 10;
    else if (word === 'ratus') group += amount * 100;
    else return false;
    unit = null;
    return true;
  };
  while (i < words.length) {
    const word = words[i]!;
    if (word in UNIT_WORDS) {
      if (unit !== null) break;
      unit = UNIT_WORDS[word]!;
    } else if (word in SE_WORDS) {
      if (unit !== null) break;
      const multiplier = SE_WORDS[word]!;
      if (multiplier in BIG_WORDS) {
        unit = 1;
        addScaled(BIG_WORDS[multiplier]!);
      } else applySmall(multiplier, 1);
    } else if (word === 'belas' || word === 'puluh' || word === 'ratus') {
      if (unit === null) break;
      applySmall(word, unit);
    } else if (word in BIG_WORDS) {
      if (!addScaled(BIG_WORDS[word]!)) break;
    } else if (word === 'koma' && (unit !== null || group > 0) && (words[i + 1] ?? '') in UNIT_WORDS) {
      const whole = total + group + (unit ?? 0);
      let fraction = '';
      i += 1;
      while (i < words.length && words[i]! in UNIT_WORDS) {
        fraction += String(UNIT_WORDS[words[i]!]);
        i += 1;
      }
      let value = Number(`${whole}.${fraction}`);
      const scale = BIG_WORDS[words[i] ?? ''];
      if (scale !== undefined) {
        value *= scale;
        i += 1;
      }
      return { value, length: i - from };
    } else break;
    i += 1;
  }
  if (i === from) return null;
  return { value: total + group + (unit ?? 0), length: i - from };
}

const DIGITS_RE =
  /(?:\bRp\.?\s?(\d[\d.,]*\d|\d)|(?<![\p{L}\p{N}.,])(\d[\d.,]*\d|\d))(?:\s?(persen|ribu|rb|juta|jt|miliar|milyar|triliun)\b|\s?%)?(?![\p{L}\p{N}])/giu;
const TIME_RE = /\b(?:pukul|jam|pkl\.?)\s*(\d{1,2})[.:](\d{2})\b/giu;

function digitMentions(text: string, includeRaw: boolean): NumberMention[] {
  const mentions: NumberMention[] = [];
  for (const match of text.matchAll(TIME_RE)) {
    mentions.push({
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
      values: [timeValue(Number(match[1]), Number(match[2]))],
    });
  }
  for (const match of text.matchAll(DIGITS_RE)) {
    const start = match.index;
    if (mentions.some((span) => start >= span.start && start < span.end)) continue;
    const digits = (match[1] ?? match[2] ?? '').replace(/[.,]$/, '');
    const suffix = (match[3] ?? '').toLowerCase();
    const multiplier = MULTIPLIERS[suffix];
    const readings = parseDigits(digits);
    const values = readings.map((value) => formatValue(value * (multiplier ?? 1)));
    if (includeRaw && multiplier !== undefined) values.push(...readings.map(formatValue));
    const text0 = match[0].replace(/[.,]$/, '');
    mentions.push({ start, end: start + text0.length, text: text0.trim(), values });
  }
  return mentions;
}

function timeValue(hour: number, minute: number): string {
  return `t${String(hour % 24).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Number words in running text, with their spans. */
function wordNumberMentions(text: string): NumberMention[] {
  const tokens = [...text.matchAll(/\p{L}+/gu)];
  const words = tokens.map((m) => m[0].toLowerCase());
  const mentions: NumberMention[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const parsed = parseNumberWords(words, i);
    if (!parsed) continue;
    const first = tokens[i]!;
    const last = tokens[i + parsed.length - 1]!;
    const end = last.index + last[0].length;
    mentions.push({ start: first.index, end, text: text.slice(first.index, end), values: [formatValue(parsed.value)] });
    i += parsed.length - 1;
  }
  return mentions;
}

export function sourceNumbers(texts: string[], today: string): Set<string> {
  const numbers = new Set<string>([today.slice(0, 4), String(Number(today.slice(0, 4)) - 1)]);
  for (const text of texts) {
    for (const mention of digitMentions(text, true)) for (const value of mention.values) numbers.add(value);
    for (const mention of wordNumberMentions(text)) for (const value of mention.values) numbers.add(value);
    for (const value of spokenTimes(text)) numbers.add(value);
    for (const value of ordinals(text)) numbers.add(value);
    // "jam 2 siang" may be written 14.00; the current and last year go without saying.
    for (const match of text.matchAll(/\b(?:pukul|jam|pkl\.?)\s*(\d{1,2})(?:[.:](\d{2}))?/giu)) {
      const hour = Number(match[1]);
      const minute = Number(match[2] ?? 0);
      numbers.add(timeValue(hour, minute));
      if (hour < 12) numbers.add(timeValue(hour + 12, minute));
    }
  }
  return numbers;
}

/** "jam delapan", "pukul setengah sepuluh". */
function spokenTimes(text: string): string[] {
  const words = [...text.toLowerCase().matchAll(/\p{L}+/gu)].map((m) => m[0]);
  const out: string[] = [];
  words.forEach((word, i) => {
    if (word !== 'jam' && word !== 'pukul') return;
    const half = words[i + 1] === 'setengah';
    const parsed = parseNumberWords(words, i + (half ? 2 : 1));
    if (!parsed || parsed.value > 24) return;
    const hour = half ? parsed.value - 1 : parsed.value;
    const minute = half ? 30 : 0;
    out.push(timeValue(hour, minute));
    if (hour < 12) out.push(timeValue(hour + 12, minute));
  });
  return out;
}

/** "ketiga" and "ke-3" in a source support "3" in the draft. */
function ordinals(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/\bke(?:-?)(\p{L}+)/gu)) {
    const parsed = parseNumberWords([match[1]!], 0);
    if (parsed) out.push(formatValue(parsed.value));
  }
  if (/\bpertama\b/i.test(text)) out.push('1');
  return out;
}

export function checkNumbersIn(segment: Segment, dateSpans: Span[], index: SourceIndex, report: Report): void {
  const outsideDates = (mention: NumberMention): boolean =>
    !dateSpans.some((span) => mention.start < span.end && mention.end > span.start);
  const digits = digitMentions(segment.text, false).filter(outsideDates);
  const words = wordNumberMentions(segment.text)
    .filter(outsideDates)
    .filter((mention) => Number(mention.values[0]) >= 2)
    .filter((mention) => !digits.some((d) => mention.start < d.end && mention.end > d.start));
  for (const mention of [...digits, ...words]) {
    const supported = mention.values.some((value) => index.numbers.has(value));
    report.checked('number', mention.text, segment.where, supported);
  }
}
