// The draft as segments of text: title, lead, body paragraphs, quotes and
// photo captions, each tagged with where it sits.

import type { NewsItem } from '../news-item.js';
import type { FindingWhere } from './types.js';

export interface Segment {
  where: FindingWhere;
  text: string;
  /** A speaker field: the whole text is a person's name. */
  speaker?: boolean;
  /** The text of a `quotes[]` entry: itself a direct quote. */
  quoteField?: boolean;
  isTitle?: boolean;
}

export function draftSegments(item: NewsItem): Segment[] {
  const segments: Segment[] = [
    { where: 'title', text: item.title, isTitle: true },
    { where: 'lead', text: item.lead },
    ...item.body.map((text): Segment => ({ where: 'body', text })),
  ];
  for (const quote of item.quotes) {
    segments.push({ where: 'quote', text: quote.speaker, speaker: true });
    if (quote.speakerTitle) segments.push({ where: 'quote', text: quote.speakerTitle });
    segments.push({ where: 'quote', text: quote.text, quoteField: true });
  }
  for (const caption of item.photoCaptions) segments.push({ where: 'caption', text: caption.caption });
  return segments;
}
