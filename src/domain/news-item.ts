import { z } from 'zod';
import { isIsoDate } from './calendar.js';

export { isIsoDate };

// The drafted news item in the office's house style. The same schema is sent to
// the LLM as a strict json_schema, so every property is required and absent
// values are `null`. Length and count limits are refinements rather than
// `minLength`/`maxLength`/`maxItems`: they are enforced on parse without relying
// on every OpenAI-compatible server accepting those keywords in strict mode.

export const newsItemJsonSchemaName = 'news_item';

export const newsItemTitleMaxLength = 120;
export const newsItemTitleTargetLength = 100;
export const newsItemMaxTags = 8;

/** A string that must not be blank (a refinement, so the JSON schema stays plain). */
function filled(message = 'Tidak boleh kosong') {
  return z.string().refine((value) => value.trim().length > 0, { message });
}

const quoteSchema = z.object({
  speaker: filled().describe(
    'Nama narasumber persis seperti di sumber, termasuk gelar (mis. "Julmansyah, S.Hut., M.A.P"). ' +
      'Speaker name exactly as the sources give it, with academic degrees.',
  ),
  speakerTitle: z
    .string()
    .nullable()
    .describe('Jabatan narasumber persis seperti di sumber, atau null bila tidak disebut. Position as in the sources, or null.'),
  text: filled().describe(
    'Kutipan langsung, kata demi kata dari catatan/transkrip; boleh merapikan ejaan, tidak boleh menambah isi. ' +
      'Direct quote, verbatim from the notes or transcripts.',
  ),
});

const photoCaptionSchema = z.object({
  photoIndex: z.number().int().min(1).describe('Nomor urut foto, mulai dari 1. 1-based index of the photo in the bundle.'),
  caption: filled().describe('Keterangan foto: siapa/apa yang tampak, di mana. Caption using only facts from the sources.'),
});

export const newsItemSchema = z.object({
  title: filled('Judul kosong')
    .refine((title) => title.length <= newsItemTitleMaxLength, {
      message: `Judul paling banyak ${newsItemTitleMaxLength} karakter`,
    })
    .describe(
      `Judul berita, ringkas dan informatif, sebaiknya tidak lebih dari ${newsItemTitleTargetLength} karakter ` +
        `(maks. ${newsItemTitleMaxLength}). News headline, aim for at most ${newsItemTitleTargetLength} characters.`,
    ),
  datelinePlace: filled().describe('Tempat pada dateline, huruf kapital, mis. "TALIWANG". Dateline place in capitals.'),
  eventDate: z
    .string()
    .nullable()
    .describe(
      'Tanggal kegiatan dalam format YYYY-MM-DD, atau null bila tidak disebut di sumber. ' +
        'Event date as YYYY-MM-DD, or null when the sources do not give it.',
    ),
  lead: filled().describe(
    'Paragraf teras: siapa, apa, kapan, di mana, dalam satu atau dua kalimat. ' +
      'Lead paragraph (who, what, when, where), without the dateline.',
  ),
  body: z
    .array(z.string())
    .describe(
      'Paragraf tubuh berita dengan pola piramida terbalik; kutipan langsung ditulis di sini dengan tanda petik. ' +
        'Body paragraphs, most important first; direct quotes appear here in quotation marks.',
    ),
  quotes: z
    .array(quoteSchema)
    .describe('Kutipan langsung yang dipakai di tubuh berita. The direct quotes used in the body.'),
  photoCaptions: z
    .array(photoCaptionSchema)
    .describe('Keterangan untuk foto yang dikirim kontributor. Captions for the photos the contributor sent.'),
  tags: z
    .array(z.string())
    .refine((tags) => tags.length <= newsItemMaxTags, { message: `Paling banyak ${newsItemMaxTags} tag` })
    .describe(`Kata kunci, paling banyak ${newsItemMaxTags}. Up to ${newsItemMaxTags} tags.`),
  agency: filled().describe('Nama instansi (OPD) pengirim. The contributing agency.'),
  questions: z
    .array(z.string())
    .describe(
      'Pertanyaan untuk kontributor bila ada hal penting yang tidak ada di sumber (mis. tanggal, nama lengkap). ' +
        'Do not guess: ask here instead. Empty when nothing essential is missing.',
    ),
});

export type NewsItem = z.infer<typeof newsItemSchema>;
export type NewsItemQuote = NewsItem['quotes'][number];
export type NewsItemPhotoCaption = NewsItem['photoCaptions'][number];

export interface NewsItemIssue {
  path: string;
  message: string;
}

export type NewsItemValidation = { ok: true; item: NewsItem } | { ok: false; issues: NewsItemIssue[] };


/**
 * Parses an LLM answer (or anything else) into a news item, with the checks the
 * JSON schema leaves out: the event date's format and unique photo numbers.
 */
export function validateNewsItem(input: unknown): NewsItemValidation {
  const parsed = newsItemSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    };
  }
  const item = parsed.data;
  const issues: NewsItemIssue[] = [];
  if (item.eventDate !== null && !isIsoDate(item.eventDate)) {
    issues.push({ path: 'eventDate', message: 'Tanggal harus berformat YYYY-MM-DD' });
  }
  const seen = new Set<number>();
  item.photoCaptions.forEach((caption, index) => {
    if (seen.has(caption.photoIndex)) {
      issues.push({ path: `photoCaptions.${index}.photoIndex`, message: 'Nomor foto ganda' });
    }
    seen.add(caption.photoIndex);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, item };
}

export interface DatelineOptions {
  /** Show the event date after the place, as `(DD/MM/YYYY)`. Default: when the date is known. */
  includeDate?: boolean;
}

/** `YYYY-MM-DD` as `DD/MM/YYYY`, or null when it is not a valid date. */
export function formatDatelineDate(isoDate: string): string | null {
  if (!isIsoDate(isoDate)) return null;
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

/** Renders the dateline: `TALIWANG – ` or `SUMBAWA BARAT, (12/11/2024) – ` (en dash). */
export function formatDateline(item: Pick<NewsItem, 'datelinePlace' | 'eventDate'>, opts: DatelineOptions = {}): string {
  const place = item.datelinePlace.trim().toUpperCase();
  const includeDate = opts.includeDate ?? true;
  const date = includeDate && item.eventDate !== null ? formatDatelineDate(item.eventDate) : null;
  return date === null ? `${place} – ` : `${place}, (${date}) – `;
}

/**
 * The item as plain text: title, blank line, dateline and lead, then the body
 * paragraphs. Quotes are not repeated: the body already carries them.
 */
export function renderNewsItemPlainText(item: NewsItem, opts: DatelineOptions = {}): string {
  const paragraphs = [
    item.title.trim(),
    `${formatDateline(item, opts)}${item.lead.trim()}`,
    ...item.body.map((paragraph) => paragraph.trim()).filter((paragraph) => paragraph.length > 0),
  ];
  return paragraphs.join('\n\n');
}
