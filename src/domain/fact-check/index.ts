// A deterministic fact check of a draft against what the contributor sent.
// It extracts names, organisations, numbers, dates and direct quotes from the
// draft and reports, verbatim, each one it cannot find in the sources. It errs
// towards reporting: an editor reads a false warning in a second, while a
// fabricated fact that slips through gets published.

import type { NewsItem } from '../news-item.js';
import { checkDatesIn, checkEventDate } from './dates.js';
import { draftProperNouns } from './names.js';
import { checkNumbersIn } from './numbers.js';
import { checkQuotesIn } from './quotes.js';
import { Report } from './report.js';
import { draftSegments } from './segments.js';
import { buildSourceIndex } from './source-index.js';
import type { FactCheckResult, FactSources } from './types.js';
import { checkNamesIn } from './units.js';

export type { FactCheckResult, FactSources, Finding, FindingKind, FindingWhere } from './types.js';

/** The one-line warnings for the review card, in the order found. */
export function factCheckWarnings(result: FactCheckResult): string[] {
  return result.findings.map((finding) => finding.text);
}

export function factCheck(item: NewsItem, sources: FactSources): FactCheckResult {
  const segments = draftSegments(item);
  const index = buildSourceIndex(sources, segments);
  const report = new Report();
  const properNouns = draftProperNouns(segments);

  for (const segment of segments) {
    checkQuotesIn(segment, index, report);
    const dateSpans = checkDatesIn(segment, index, report);
    checkNumbersIn(segment, dateSpans, index, report);
    checkNamesIn(segment, properNouns, index, report);
  }
  checkEventDate(item, index, report);
  return report.result();
}
