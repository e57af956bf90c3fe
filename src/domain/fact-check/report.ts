// The report that collects findings, once each, and counts what was checked.

import { looseKey } from './normalise.js';
import type { FactCheckResult, Finding, FindingKind, FindingWhere } from './types.js';

/** Collects findings once each and counts what was checked. */
export class Report {
  private readonly findings: Finding[] = [];
  private readonly flagged = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly counts = { names: 0, organisations: 0, numbers: 0, dates: 0, quotes: 0 };

  checked(kind: FindingKind, text: string, where: FindingWhere, supported: boolean): void {
    const key = `${kind}|${looseKey(text)}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.counts[countKey[kind]] += 1;
    }
    if (supported || this.flagged.has(key)) return;
    this.flagged.add(key);
    this.findings.push({ kind, text, where });
  }

  result(): FactCheckResult {
    return { findings: this.findings, checked: { ...this.counts } };
  }
}

const countKey = {
  name: 'names',
  organisation: 'organisations',
  number: 'numbers',
  date: 'dates',
  quote: 'quotes',
} as const satisfies Record<FindingKind, keyof FactCheckResult['checked']>;
