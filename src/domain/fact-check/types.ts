// The public shapes of the fact check: what it is given and what it reports.

export type FindingKind = 'name' | 'organisation' | 'number' | 'date' | 'quote';
/** Where the finding sits. `dateline` is the item's `eventDate`, shown in the dateline. */
export type FindingWhere = 'title' | 'lead' | 'body' | 'quote' | 'caption' | 'dateline';

export interface Finding {
  kind: FindingKind;
  /** Verbatim from the draft. */
  text: string;
  where: FindingWhere;
}

export interface FactSources {
  /** Notes, transcripts, photo captions. */
  texts: string[];
  /** Agency name, contributor name and role, and the like. */
  records: string[];
  submittedAt: Date;
  timeZone: string;
}

export interface FactCheckResult {
  findings: Finding[];
  checked: { names: number; organisations: number; numbers: number; dates: number; quotes: number };
}
