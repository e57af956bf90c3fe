// Dates: explicit dates, weekdays and relative days ("kemarin") in the sources,
// and the dates and weekdays the draft states, including its dateline.

import type { NewsItem } from '../news-item.js';
import { addDays, isIsoDate, weekdayOf } from '../calendar.js';
import { formatDatelineDate } from '../news-item.js';
import type { SourceIndex } from './model.js';
import type { Span } from './numbers.js';
import type { Report } from './report.js';
import type { Segment } from './segments.js';
import {
  DRAFT_MONTH_NAMES,
  MONTHS,
  SOURCE_MONTH_NAMES,
  WEEKDAY_ALIASES,
  WEEKDAY_PATTERN,
  WEEKDAYS,
} from './word-lists.js';

interface DateMention extends Span {
  text: string;
  iso: string | null;
  weekday: number | null;
}

function weekdayIndex(word: string): number | null {
  const key = word.toLowerCase();
  const index = WEEKDAYS.indexOf(key.replace(/['’]/g, ''));
  return index >= 0 ? index : (WEEKDAY_ALIASES[key] ?? null);
}

function toIso(year: number, month: number, day: number): string | null {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A day and month without a year: the year that puts it nearest the submission. */
function inferYear(month: number, day: number, today: string): number {
  const year = Number(today.slice(0, 4));
  const candidate = toIso(year, month, day);
  return candidate !== null && candidate > addDays(today, 60) ? year - 1 : year;
}

function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

/** Explicit dates in a text, each extended to a weekday written before it ("Senin (11/11/2024)"). */
function findDates(text: string, today: string, monthNames: string, lenient: boolean): DateMention[] {
  const patterns: Array<{ re: RegExp; read: (m: RegExpExecArray) => string | null }> = [
    {
      re: new RegExp(`\\b(\\d{1,2})\\s+(${monthNames})\\.?(?:\\s+(\\d{4}))?\\b`, 'giu'),
      read: (m) => {
        const month = MONTHS[m[2]!.toLowerCase()]!;
        const day = Number(m[1]);
        return toIso(m[3] ? Number(m[3]) : inferYear(month, day, today), month, day);
      },
    },
    {
      re: /(?<![\d.,/])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d])/gu,
      read: (m) => toIso(fullYear(m[3]!), Number(m[2]), Number(m[1])),
    },
    {
      re: lenient ? /(?<![\d.,/])(\d{1,2})\/(\d{1,2})(?![\d/])/gu : /(?<=\()(\d{1,2})\/(\d{1,2})(?=\))/gu,
      read: (m) => toIso(inferYear(Number(m[2]), Number(m[1]), today), Number(m[2]), Number(m[1])),
    },
  ];
  const mentions: DateMention[] = [];
  for (const { re, read } of patterns) {
    for (const match of text.matchAll(re)) {
      const start = match.index;
      const end = start + match[0].length;
      if (mentions.some((m) => start < m.end && end > m.start)) continue;
      const iso = read(match as RegExpExecArray);
      if (iso === null) continue;
      mentions.push(withWeekday(text, { start, end, text: match[0], iso, weekday: null }));
    }
  }
  return mentions;
}

function withWeekday(text: string, mention: DateMention): DateMention {
  const before = text.slice(0, mention.start);
  const match = new RegExp(`(${WEEKDAY_PATTERN})\\s*,?\\s*(\\(?)\\s*$`, 'iu').exec(before);
  if (!match) return mention;
  const start = match.index;
  const closes = match[2] === '(' && text[mention.end] === ')';
  const end = closes ? mention.end + 1 : mention.end;
  return { ...mention, start, end, text: text.slice(start, end), weekday: weekdayIndex(match[1]!) };
}

export function sourceDates(texts: string[], today: string): { dates: Set<string>; weekdays: Set<number> } {
  const dates = new Set<string>();
  const weekdays = new Set<number>();
  const relative: Record<string, number> = { 'hari ini': 0, 'tadi pagi': 0, kemarin: -1, kemaren: -1, besok: 1, lusa: 2 };
  for (const text of texts) {
    const explicit = findDates(text, today, SOURCE_MONTH_NAMES, true);
    for (const mention of explicit) {
      if (mention.iso) dates.add(mention.iso);
      if (mention.weekday !== null) weekdays.add(mention.weekday);
    }
    for (const match of text.matchAll(new RegExp(`\\b(${WEEKDAY_PATTERN})\\b`, 'giu'))) {
      const weekday = weekdayIndex(match[1]!);
      if (weekday === null) continue;
      weekdays.add(weekday);
      if (explicit.some((mention) => match.index >= mention.start && match.index < mention.end)) continue;
      // A weekday named without a date ("Senin kemarin"): the nearest such day before or after the submission.
      for (let offset = -6; offset <= 6; offset += 1) {
        const day = addDays(today, offset);
        if (weekdayOf(day) === weekday) dates.add(day);
      }
    }
    for (const [phrase, offset] of Object.entries(relative)) {
      if (new RegExp(`\\b${phrase}\\b`, 'i').test(text)) dates.add(addDays(today, offset));
    }
  }
  return { dates, weekdays };
}

function dateSupported(iso: string, index: SourceIndex): boolean {
  return index.dates.has(iso) || index.submissionDates.includes(iso);
}

/** Checks explicit dates and lone weekdays; returns their spans so their digits are not read as numbers. */
export function checkDatesIn(segment: Segment, index: SourceIndex, report: Report): Span[] {
  const today = index.submissionDates[0]!;
  const mentions = findDates(segment.text, today, DRAFT_MONTH_NAMES, false);
  for (const mention of mentions) {
    const iso = mention.iso!;
    const weekdayFits = mention.weekday === null || mention.weekday === weekdayOf(iso);
    report.checked('date', mention.text, segment.where, weekdayFits && dateSupported(iso, index));
  }
  // "pada Senin pagi": the weekday must be one the sources name or imply.
  for (const match of segment.text.matchAll(new RegExp(`(?<![\\p{L}])(${WEEKDAY_PATTERN})(?![\\p{L}])`, 'gu'))) {
    const start = match.index;
    if (mentions.some((m) => start >= m.start && start < m.end)) continue;
    const weekday = weekdayIndex(match[1]!);
    if (weekday === null) continue;
    const implied = [...index.dates, ...index.submissionDates].some((iso) => weekdayOf(iso) === weekday);
    report.checked('date', match[1]!, segment.where, index.weekdays.has(weekday) || implied);
  }
  return mentions;
}

export function checkEventDate(item: NewsItem, index: SourceIndex, report: Report): void {
  if (item.eventDate === null || !isIsoDate(item.eventDate)) return;
  const shown = formatDatelineDate(item.eventDate) ?? item.eventDate;
  report.checked('date', shown, 'dateline', dateSupported(item.eventDate, index));
}
