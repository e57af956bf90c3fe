import type { DraftPromptInput } from './draft-prompt.js';
import type { NewsItem } from './news-item.js';

function firstSentence(text: string): string {
  const sentence = text.split(/(?<=[.!?])\s+/)[0] ?? text;
  return sentence.trim();
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trim()}…`;
}

/**
 * A plain draft built without any LLM: the contributor's own words, arranged
 * as title, lead and body. It adds nothing, so it needs no fact check beyond
 * what the contributor wrote; editors polish it by hand.
 */
export function buildOfflineDraft(input: DraftPromptInput): NewsItem {
  const texts = [...input.notes, ...input.transcripts].map((t) => t.trim()).filter(Boolean);
  const captions = input.photoCaptions.map((c) => c.caption.trim()).filter(Boolean);
  const all = [...texts, ...captions];
  const first = all[0] ?? `Kegiatan ${input.agencyName}`;
  const questions: string[] = [];
  if (!input.eventPlace) questions.push('Di mana kegiatan ini berlangsung?');
  questions.push('Kapan tepatnya kegiatan ini berlangsung (hari dan tanggal)?');
  if (all.length === 0) questions.push('Mohon kirim keterangan singkat: apa kegiatannya dan siapa yang hadir.');

  return {
    title: shorten(firstSentence(first).replace(/[.!?]+$/, ''), 100),
    datelinePlace: (input.eventPlace ?? '[TEMPAT]').toUpperCase(),
    eventDate: null,
    lead: first,
    body: all.slice(1),
    quotes: [],
    photoCaptions: input.photoCaptions.map((c) => ({ photoIndex: c.photoIndex, caption: c.caption })),
    tags: [],
    agency: input.agencyName,
    questions,
  };
}
