import { describe, expect, it } from 'vitest';
import { factCheck, factCheckWarnings, type FactSources } from '../../src/domain/fact-check.js';
import type { NewsItem } from '../../src/domain/news-item.js';

// Tuesday 12 November 2024, 10:00 WITA.
const submittedAt = new Date('2024-11-12T02:00:00Z');

function sources(texts: string[], records: string[] = []): FactSources {
  return { texts, records, submittedAt, timeZone: 'Asia/Makassar' };
}

function draft(overrides: Partial<NewsItem>): NewsItem {
  return {
    title: 'Kegiatan warga',
    datelinePlace: 'TALIWANG',
    eventDate: null,
    lead: 'Kegiatan penanaman pohon digelar hari ini.',
    body: [],
    quotes: [],
    photoCaptions: [],
    tags: [],
    agency: 'Dinas Lingkungan Hidup',
    questions: [],
    ...overrides,
  };
}

function warnings(item: NewsItem, src: FactSources): string[] {
  return factCheckWarnings(factCheck(item, src));
}

const dlhNotes = sources(
  [
    'Penanaman pohon di Desa Kuang hari ini dipimpin Kepala DLH Julmansyah, S.Hut., M.A.P. ' +
      'Yang ditanam 1250 bibit mahoni dan trembesi bersama 300 orang warga.',
  ],
  ['Dinas Lingkungan Hidup Kabupaten Sumbawa Barat', 'Rina Kartika, Staf Bidang Pengelolaan Sampah'],
);

describe('factCheck: names', () => {
  it('accepts a name with titles exactly as the sources give it', () => {
    const item = draft({
      lead: 'Kepala Dinas Lingkungan Hidup (DLH) Kabupaten Sumbawa Barat, Julmansyah, S.Hut., M.A.P memimpin penanaman pohon di Desa Kuang.',
    });
    expect(warnings(item, dlhNotes)).toEqual([]);
  });

  it('accepts the name without its degrees and with an honorific', () => {
    const item = draft({ body: ['Menurut Pak Julmansyah, kegiatan serupa akan berlanjut.'] });
    expect(warnings(item, dlhNotes)).toEqual([]);
  });

  it('flags a person who is not in the sources, verbatim', () => {
    const item = draft({ body: ['Kegiatan itu juga dihadiri Camat Taliwang, Ahmad Fauzi, S.Sos.'] });
    const result = factCheck(item, dlhNotes);
    expect(result.findings).toContainEqual({ kind: 'name', text: 'Ahmad Fauzi, S.Sos.', where: 'body' });
  });

  it('flags a degree or title the sources do not give', () => {
    const item = draft({ lead: 'Penanaman dipimpin Dr. Julmansyah, S.Hut., M.A.P di Desa Kuang.' });
    expect(warnings(item, dlhNotes)).toEqual(['Dr. Julmansyah, S.Hut., M.A.P']);
  });

  it('uses records as sources: the contributor and the agency', () => {
    const item = draft({
      body: ['Laporan disampaikan oleh Rina Kartika dari Dinas Lingkungan Hidup Kabupaten Sumbawa Barat.'],
    });
    expect(warnings(item, dlhNotes)).toEqual([]);
  });

  it('matches organisations regardless of case, and places as the sources write them', () => {
    const src = sources(['penanaman pohon di desa kuang oleh warga']);
    const item = draft({ lead: 'Warga menanam pohon di Desa Kuang.' });
    expect(warnings(item, src)).toEqual([]);
  });

  it('does not check ordinary words, only names: affixes and sentence-initial capitals are fine', () => {
    const src = sources(['penanaman pohon di desa kuang oleh warga']);
    const item = draft({
      title: 'Warga Desa Kuang Tanam Pohon',
      lead: 'Menanam pohon menjadi kegiatan warga di Desa Kuang. Penanamannya berlangsung pagi hari.',
    });
    expect(warnings(item, src)).toEqual([]);
  });

  it('flags an organisation the sources do not name', () => {
    const item = draft({ body: ['Kegiatan ini didukung Dinas Sosial Kabupaten Sumbawa Barat.'] });
    const found = factCheck(item, dlhNotes).findings;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'organisation', where: 'body' });
    expect(found[0]!.text).toContain('Dinas Sosial');
  });

  it('accepts an acronym for an organisation the sources spell out, and the reverse', () => {
    const spelled = sources(['Kegiatan Badan Penanggulangan Bencana Daerah di Desa Kuang.']);
    expect(warnings(draft({ lead: 'BPBD turun ke Desa Kuang.' }), spelled)).toEqual([]);
    const short = sources(['kegiatan DLH KSB di desa kuang']);
    expect(
      warnings(draft({ lead: 'Dinas Lingkungan Hidup Kabupaten Sumbawa Barat berkegiatan di Desa Kuang.' }), short),
    ).toEqual([]);
  });
});

describe('factCheck: numbers', () => {
  it('reads Indonesian thousands separators: "1.250" matches "1250"', () => {
    const item = draft({ lead: 'Sebanyak 1.250 bibit ditanam bersama 300 warga.' });
    expect(warnings(item, dlhNotes)).toEqual([]);
  });

  it('flags a number that is not in the sources', () => {
    const item = draft({ lead: 'Sebanyak 1.500 bibit ditanam bersama 300 warga.' });
    expect(factCheck(item, dlhNotes).findings).toEqual([{ kind: 'number', text: '1.500', where: 'lead' }]);
  });

  it('compares amounts with their multipliers and spoken numbers', () => {
    const src = sources(['anggarannya satu koma dua miliar, pesertanya tiga ratus lima puluh orang, 15% naik']);
    const ok = draft({ lead: 'Anggaran Rp 1,2 miliar untuk 350 peserta, naik 15 persen.' });
    expect(warnings(ok, src)).toEqual([]);
    const wrong = draft({ lead: 'Anggaran Rp 1,2 triliun untuk 350 peserta.' });
    expect(warnings(wrong, src)).toEqual(['Rp 1,2 triliun']);
  });

  it('accepts a time written differently', () => {
    const src = sources(['mulai jam delapan pagi']);
    expect(warnings(draft({ lead: 'Kegiatan dimulai pukul 08.00 WITA.' }), src)).toEqual([]);
    expect(warnings(draft({ lead: 'Kegiatan dimulai pukul 09.30 WITA.' }), src)).toEqual(['pukul 09.30']);
  });
});

describe('factCheck: dates', () => {
  it('accepts the submission date and the day before', () => {
    const today = draft({ eventDate: '2024-11-12', lead: 'Kegiatan digelar Selasa (12/11/2024) di Desa Kuang.' });
    expect(warnings(today, dlhNotes)).toEqual([]);
    const yesterday = draft({ lead: 'Kegiatan digelar Senin, 11 November 2024, di Desa Kuang.' });
    expect(warnings(yesterday, dlhNotes)).toEqual([]);
  });

  it('accepts a date the sources give in another format', () => {
    const src = sources(['rapat tgl 5/11 di kantor desa kuang']);
    expect(warnings(draft({ lead: 'Rapat digelar Selasa, 5 November 2024, di Desa Kuang.' }), src)).toEqual([]);
  });

  it('flags a date the sources do not support, a wrong weekday and a wrong event date', () => {
    expect(warnings(draft({ lead: 'Kegiatan digelar Jumat (8/11/2024) di Desa Kuang.' }), dlhNotes)).toEqual([
      'Jumat (8/11/2024)',
    ]);
    expect(warnings(draft({ lead: 'Kegiatan digelar Rabu (12/11/2024) di Desa Kuang.' }), dlhNotes)).toEqual([
      'Rabu (12/11/2024)',
    ]);
    expect(warnings(draft({ eventDate: '2024-10-12' }), dlhNotes)).toEqual(['12/10/2024']);
  });
});

describe('factCheck: quotes', () => {
  const transcript = sources([
    'ee jadi kita harapkan masyarakat nggak buang sampah sembarangan lagi ya, karena sungai kita ini sudah penuh sampah',
  ]);

  it('accepts a near-verbatim quote: case, punctuation, spoken particles and spelling', () => {
    const item = draft({
      body: ['“Kami harapkan masyarakat tidak buang sampah sembarangan lagi, karena sungai kita sudah penuh sampah,” ujarnya.'],
      quotes: [
        {
          speaker: 'Julmansyah',
          speakerTitle: null,
          text: 'Kami harapkan masyarakat tidak buang sampah sembarangan lagi, karena sungai kita sudah penuh sampah.',
        },
      ],
    });
    const src = sources([...transcript.texts, 'Julmansyah']);
    expect(warnings(item, src)).toEqual([]);
  });

  it('flags an invented quote once, verbatim', () => {
    const invented = 'Kami menargetkan seluruh sungai bebas sampah pada akhir tahun depan';
    const item = draft({
      body: [`“${invented},” kata Julmansyah.`],
      quotes: [{ speaker: 'Julmansyah', speakerTitle: null, text: `${invented}.` }],
    });
    const src = sources([...transcript.texts, 'Julmansyah']);
    const result = factCheck(item, src);
    expect(result.findings).toEqual([{ kind: 'quote', text: invented, where: 'body' }]);
    expect(result.checked.quotes).toBe(1);
  });
});

describe('factCheck: where fabrications hide', () => {
  const base = draft({ lead: 'Penanaman 1.250 bibit pohon di Desa Kuang dipimpin Julmansyah.' });
  const cases: Array<[string, Partial<NewsItem>, string]> = [
    ['a full name opening a sentence', { body: ['Ahmad Fauzi menjelaskan kegiatan akan berlanjut.'] }, 'Ahmad Fauzi'],
    ['a single name after "kata"', { body: ['Kegiatan akan berlanjut, kata Fauzi.'] }, 'Fauzi'],
    ['a number in words', { body: ['Sebanyak lima ratus warga hadir.'] }, 'lima ratus'],
    ['a lone weekday', { body: ['Penanaman lanjutan digelar pada Kamis pagi.'] }, 'Kamis'],
    ['a name in a caption', { photoCaptions: [{ photoIndex: 1, caption: 'Sekretaris DLH, Baiq Nurul Aini, ikut menanam.' }] }, 'Baiq Nurul Aini'],
    ['a two-word name only in a headline', { title: 'Julmansyah dan Lukman Hakim Tanam Pohon di Kuang' }, 'Lukman Hakim'],
    ['an invented village', { body: ['Penanaman berlanjut di Desa Labuhan Lalar.'] }, 'Desa Labuhan Lalar'],
    [
      'a quote that is half real, half invented',
      { body: ['“Kami harap masyarakat ikut merawat pohon, dan kami siapkan hadiah bagi desa terbaik,” ujarnya.'] },
      'dan kami siapkan hadiah bagi desa terbaik',
    ],
  ];
  it.each(cases)('flags %s', (_label, overrides, expected) => {
    const texts = factCheckWarnings(factCheck({ ...base, ...overrides }, dlhNotes));
    expect(texts.some((text) => text.includes(expected)), JSON.stringify(texts)).toBe(true);
  });

  it('leaves headline verbs alone when the body uses them', () => {
    const item = draft({ title: 'DLH Tanam 1.250 Bibit di Desa Kuang', lead: 'DLH menanam 1.250 bibit di Desa Kuang.' });
    expect(warnings(item, dlhNotes)).toEqual([]);
  });
});

describe('factCheck: result', () => {
  it('counts what it checked and keeps one finding per distinct text', () => {
    const item = draft({
      lead: 'Ahmad Fauzi menanam 1.250 bibit di Desa Kuang.',
      body: ['Ahmad Fauzi berharap warga ikut menjaga pohon.'],
    });
    const result = factCheck(item, dlhNotes);
    expect(factCheckWarnings(result)).toEqual(['Ahmad Fauzi']);
    expect(result.checked.names).toBeGreaterThanOrEqual(1);
    expect(result.checked.numbers).toBe(1);
    expect(result.checked.organisations).toBeGreaterThanOrEqual(1);
  });
});
