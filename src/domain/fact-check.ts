import type { NewsItem } from './news-item.js';
import { formatDatelineDate, isIsoDate } from './news-item.js';

// A deterministic fact check of a draft against what the contributor sent.
// It extracts names, organisations, numbers, dates and direct quotes from the
// draft and reports, verbatim, each one it cannot find in the sources. It errs
// towards reporting: an editor reads a false warning in a second, while a
// fabricated fact that slips through gets published.

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

// ---------------------------------------------------------------------------
// The draft as segments of text

interface Segment {
  where: FindingWhere;
  text: string;
  /** A speaker field: the whole text is a person's name. */
  speaker?: boolean;
  /** The text of a `quotes[]` entry: itself a direct quote. */
  quoteField?: boolean;
  isTitle?: boolean;
}

function draftSegments(item: NewsItem): Segment[] {
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

/** Collects findings once each and counts what was checked. */
class Report {
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

/** Case, punctuation and spacing do not make two findings different. */
function looseKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// ---------------------------------------------------------------------------
// Word lists (lower case, dots and apostrophes removed)

const HONORIFICS = new Set(['bapak', 'ibu', 'pak', 'bu', 'bpk', 'saudara', 'saudari', 'sdr', 'sdri']);

// Written before a name; checked like degrees (they are part of how a person is named).
const PREFIX_TITLES = new Set([
  'dr', 'drs', 'dra', 'drg', 'ir', 'h', 'hj', 'prof', 'kh', 'tgh', 'ust', 'ustadz', 'ustaz', 'hajjah',
  'akbp', 'akp', 'kompol', 'iptu', 'ipda', 'aiptu', 'aipda', 'bripka', 'brigpol', 'briptu', 'bripda',
  'kombes', 'letkol', 'kolonel', 'mayor', 'kapten', 'lettu', 'letda', 'serka', 'serma', 'sertu', 'serda',
  'kopda', 'praka', 'pratu', 'brigjen',
]);
// Titles that are also ordinary initials or words: only a title when written with a dot.
const PREFIX_NEEDS_DOT = new Set(['h', 'dr', 'ir', 'ust']);

const DEGREES = new Set([
  'shut', 'map', 'ssos', 'se', 'mm', 'skep', 'ns', 'spd', 'mpd', 'msi', 'ssi', 'sh', 'mh', 'st', 'mt', 'skom',
  'mkom', 'amd', 'amdkep', 'amdkeb', 'amkep', 'amkeb', 'sppd', 'mkes', 'skm', 'sked', 'sip', 'mip', 'msc',
  'bsc', 'phd', 'mba', 'mag', 'sag', 'sthi', 'spog', 'spa', 'spb', 'mph', 'sfarm', 'apt', 'mpwk', 'mhum',
  'shum', 'mp', 'sp', 'sst', 'sstp', 'strkeb', 'sgz', 'mars', 'mpa', 'llm', 'ssit', 'sikom', 'spsi', 'mpsi',
  'sksi', 'mkn', 'ma', 'sgz', 'spt', 'stp', 'spi', 'mtp', 'mpi', 'sthi',
]);

// Positions (jabatan) and group nouns: they stand before names and organisations
// but are not checked themselves.
const POSITIONS = new Set([
  'kepala', 'wakil', 'bupati', 'wabup', 'camat', 'sekretaris', 'sekda', 'ketua', 'direktur', 'dirut', 'kabid',
  'kasi', 'kasubag', 'kasubbag', 'kabag', 'kadis', 'lurah', 'kades', 'plt', 'plh', 'pj', 'penjabat', 'kapolres',
  'kapolsek', 'dandim', 'danramil', 'gubernur', 'wagub', 'wali', 'walikota', 'menteri', 'asisten', 'staf',
  'ahli', 'koordinator', 'penyuluh', 'bidan', 'perawat', 'dokter', 'guru', 'komandan', 'anggota', 'bendahara',
  'pengelola', 'pelaksana', 'kasat', 'kapus', 'babinsa', 'bhabinkamtibmas', 'sekcam', 'sekdes', 'kadus',
  'presiden', 'tim', 'petugas', 'kader', 'relawan', 'warga', 'masyarakat', 'siswa', 'pelajar', 'peserta', 'para',
  'seluruh', 'jajaran', 'pegawai', 'pejabat', 'tokoh', 'pengurus', 'operator', 'pendamping', 'fasilitator',
  'narasumber', 'pimpinan', 'kapala', 'kasie', 'kabupaten/kota',
]);

// Words that begin an organisation's name.
const ORG_KEYWORDS = new Set([
  'dinas', 'badan', 'bagian', 'bidang', 'seksi', 'subbagian', 'puskesmas', 'pustu', 'posyandu', 'polindes',
  'rsud', 'rumah', 'kantor', 'sekretariat', 'inspektorat', 'pemerintah', 'pemkab', 'pemkot', 'pemprov', 'pemdes',
  'dprd', 'satpol', 'bpbd', 'bappeda', 'uptd', 'upt', 'dikes', 'dinkes', 'disdik', 'distan', 'dlh', 'diskominfo',
  'dukcapil', 'disdukcapil', 'dinsos', 'dishub', 'bumdes', 'kodim', 'koramil', 'polres', 'polsek', 'polda',
  'kejaksaan', 'pengadilan', 'kementerian', 'balai', 'lembaga', 'komisi', 'yayasan', 'koperasi', 'universitas',
  'sekolah', 'sdn', 'smpn', 'sman', 'smkn', 'madrasah', 'mts', 'paud', 'lpm', 'bpd', 'karang', 'kelompok',
  'gapoktan', 'poktan', 'forum', 'unit', 'pusat', 'klinik', 'laboratorium', 'perusahaan', 'pt', 'cv', 'bank',
]);
// Administrative areas: the area's name is what gets checked.
const ADMIN_WORDS = new Set(['kabupaten', 'kota', 'kecamatan', 'kelurahan', 'desa', 'dusun', 'provinsi']);
// Organisations named after an area ("Pemerintah Kabupaten Sumbawa Barat"): the area is what matters.
const AREA_GOVERNMENTS = new Set(['pemerintah', 'pemkab', 'pemkot', 'pemprov', 'pemdes']);

const CONNECTORS = new Set(['dan', '&', 'bin', 'binti', 'van', 'de', 'al', 'el']);

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, january: 1, februari: 2, feb: 2, pebruari: 2, february: 2, maret: 3, mar: 3, march: 3,
  april: 4, apr: 4, mei: 5, may: 5, juni: 6, jun: 6, june: 6, juli: 7, jul: 7, july: 7, agustus: 8, agu: 8,
  agt: 8, ags: 8, agust: 8, august: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, october: 10,
  november: 11, nov: 11, nopember: 11, desember: 12, des: 12, december: 12,
};
const DRAFT_MONTH_NAMES = 'Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Nopember|Desember';
const SOURCE_MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

// Index = Date.getUTCDay().
const WEEKDAYS = ['minggu', 'senin', 'selasa', 'rabu', 'kamis', 'jumat', 'sabtu'];
const WEEKDAY_ALIASES: Record<string, number> = { ahad: 0, "jum'at": 5, 'jum’at': 5 };
const WEEKDAY_PATTERN = "Minggu|Ahad|Senin|Selasa|Rabu|Kamis|Jum[’']?at|Sabtu";

// Capitalised words that never name a person, place or organisation.
const STOP_WORDS = new Set([
  ...Object.keys(MONTHS), ...WEEKDAYS, 'ahad', 'jumat',
  'rp', 'wita', 'wib', 'wit', 'allah', 'swt', 'saw', 'tuhan', 'indonesia', 'ri', 'nkri', 'tahun', 'anggaran',
  'yang', 'dalam', 'selain', 'menurut', 'menurutnya', 'sementara', 'sedangkan', 'adapun', 'kegiatan', 'acara',
  'pada', 'di', 'ke', 'dari', 'untuk', 'dengan', 'bagi', 'kepada', 'oleh', 'namun', 'tetapi', 'karena', 'agar',
  'supaya', 'meski', 'meskipun', 'walaupun', 'bahkan', 'juga', 'lebih', 'ini', 'itu', 'hal', 'ia', 'dia',
  'beliau', 'mereka', 'kami', 'kita', 'saya', 'semoga', 'mari', 'jangan', 'turut', 'hadir', 'usai', 'setelah',
  'sebelum', 'sebelumnya', 'sebanyak', 'sejumlah', 'hingga', 'sampai', 'saat', 'ketika', 'sejak', 'selama',
  'tak', 'tidak', 'belum', 'sudah', 'telah', 'akan', 'masih', 'terkait', 'sebagai', 'secara', 'apabila', 'jika',
  'bila', 'kalau', 'maka', 'sehingga', 'diharapkan', 'harapannya', 'tujuannya', 'pihaknya', 'lanjutnya',
  'katanya', 'ujarnya', 'ungkapnya', 'jelasnya', 'tambahnya', 'imbuhnya', 'tuturnya', 'terangnya', 'pungkasnya',
  'kata', 'ujar', 'ungkap', 'jelas', 'tambah', 'tutur', 'terang', 'pungkas', 'demikian', 'begitu', 'berikut',
  'antara', 'lain', 'yakni', 'yaitu', 'tersebut', 'setiap', 'tiap', 'semua', 'banyak', 'beberapa', 'sebagian',
  'program', 'upaya', 'langkah', 'pihak', 'sebab', 'oleh', 'atas', 'tentang', 'melalui', 'bersama', 'selanjutnya',
  'kemudian', 'akhirnya', 'pertama', 'kedua', 'ketiga', 'terakhir', 'sebelumnya', 'kini', 'saat', 'ada',
  'apa', 'siapa', 'mengapa', 'bagaimana', 'kapan', 'dimana', 'mohon', 'terima', 'kasih', 'salam', 'selamat',
  'foto', 'tampak', 'suasana', 'keterangan', 'sumber', 'baca', 'lihat', 'catatan', 'dok', 'dokumentasi',
  'nomor', 'no', 'pasal', 'ayat',
]);

// Abbreviations a contributor or a draft may use for an organisation or title.
const ABBREVIATIONS: Record<string, string> = {
  pemkab: 'pemerintah kabupaten',
  pemkot: 'pemerintah kota',
  pemprov: 'pemerintah provinsi',
  pemdes: 'pemerintah desa',
  dinkes: 'dinas kesehatan',
  dikes: 'dinas kesehatan',
  disdik: 'dinas pendidikan',
  dikbud: 'dinas pendidikan dan kebudayaan',
  distan: 'dinas pertanian',
  dinsos: 'dinas sosial',
  dishub: 'dinas perhubungan',
  diskominfo: 'dinas komunikasi dan informatika',
  kominfo: 'komunikasi dan informatika',
  disdukcapil: 'dinas kependudukan dan pencatatan sipil',
  dukcapil: 'kependudukan dan pencatatan sipil',
  bappeda: 'badan perencanaan pembangunan daerah',
  puskesmas: 'pusat kesehatan masyarakat',
  pkm: 'puskesmas',
  pustu: 'puskesmas pembantu',
  posyandu: 'pos pelayanan terpadu',
  satpol: 'satuan polisi',
  damkar: 'pemadam kebakaran',
  sekda: 'sekretaris daerah',
  setda: 'sekretariat daerah',
  kades: 'kepala desa',
  kadis: 'kepala dinas',
  prokopim: 'protokol dan komunikasi pimpinan',
  opd: 'organisasi perangkat daerah',
  gapoktan: 'gabungan kelompok tani',
  poktan: 'kelompok tani',
  musrenbang: 'musyawarah perencanaan pembangunan',
  perda: 'peraturan daerah',
  perbup: 'peraturan bupati',
  kabid: 'kepala bidang',
  kalak: 'kepala pelaksana',
  kapus: 'kepala puskesmas',
  kab: 'kabupaten',
  kec: 'kecamatan',
  kel: 'kelurahan',
  jl: 'jalan',
  ksb: 'kabupaten sumbawa barat',
  ntb: 'nusa tenggara barat',
};

// Spoken and chat spellings, mapped to the written form before comparing quotes.
const INFORMAL: Record<string, string> = {
  nggak: 'tidak', ngga: 'tidak', gak: 'tidak', ga: 'tidak', enggak: 'tidak', ndak: 'tidak', tak: 'tidak',
  tdk: 'tidak', udah: 'sudah', dah: 'sudah', sdh: 'sudah', aja: 'saja', kalo: 'kalau', gimana: 'bagaimana',
  trus: 'terus', tapi: 'tetapi', biar: 'agar', supaya: 'agar', karna: 'karena', krn: 'karena', emang: 'memang',
  banget: 'sangat', cuma: 'hanya', cuman: 'hanya', gini: 'begini', gitu: 'begitu', bikin: 'buat',
  pengen: 'ingin', pingin: 'ingin', pengin: 'ingin', mau: 'ingin', kita: 'kami', sampe: 'sampai', yg: 'yang',
  dgn: 'dengan', utk: 'untuk', jg: 'juga', sy: 'saya', org: 'orang', tgl: 'tanggal', thn: 'tahun',
  bpk: 'bapak', pak: 'bapak', bu: 'ibu', lg: 'lagi', blm: 'belum', bisa: 'dapat', kemaren: 'kemarin',
};
// Spoken particles that a written quote drops.
const FILLERS = new Set([
  'ya', 'nah', 'lho', 'loh', 'sih', 'dong', 'deh', 'tuh', 'eh', 'ee', 'eee', 'em', 'emm', 'hmm', 'anu', 'oke',
  'ok', 'kan', 'pun', 'nih', 'gitu', 'begitu', 'jadi', 'itu', 'ini',
]);

// ---------------------------------------------------------------------------
// Words, stems and tokens

interface Token {
  /** As written, with a trailing dot if any. */
  raw: string;
  /** Without the trailing dot. */
  word: string;
  /** Lower case, dots and apostrophes removed. */
  key: string;
  start: number;
  /** End of the word, without a trailing dot. */
  end: number;
  /** End including a trailing dot. */
  rawEnd: number;
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:['’.\-/][\p{L}\p{N}]+)*\.?/gu;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_RE)) {
    const raw = match[0];
    const start = match.index;
    const word = raw.endsWith('.') ? raw.slice(0, -1) : raw;
    tokens.push({ raw, word, key: keyOf(word), start, end: start + word.length, rawEnd: start + raw.length });
  }
  return tokens;
}

function keyOf(word: string): string {
  return word.toLowerCase().replace(/[.'’]/g, '');
}

const SUFFIXES = ['nya', 'kan', 'lah', 'kah', 'pun', 'an', 'i', 'ku', 'mu'];
const PARTICLE_SUFFIXES = ['nya', 'lah', 'kah', 'pun'];
// Prefix and what the stem may start with once it is removed (nasal prefixes swallow p/t/k/s).
const PREFIXES: Array<[string, string[]]> = [
  ['memper', ['']], ['diper', ['']], ['meng', ['', 'k']], ['peng', ['', 'k']], ['meny', ['s']], ['peny', ['s']],
  ['mem', ['', 'p']], ['pem', ['', 'p']], ['men', ['', 't']], ['pen', ['', 't']], ['me', ['']], ['pe', ['']],
  ['ber', ['']], ['ter', ['']], ['per', ['']], ['be', ['']], ['di', ['']], ['ke', ['']], ['se', ['']],
];
const MIN_STEM = 3;

const stemCache = new Map<string, string[]>();

/** Candidate stems of a lower-case word: the word itself and it without common affixes. */
function stems(word: string): string[] {
  const cached = stemCache.get(word);
  if (cached) return cached;
  const out = new Set<string>([word]);
  const unsuffixed = stripSuffixes(word, SUFFIXES, 2);
  for (const candidate of unsuffixed) {
    out.add(candidate);
    for (const [prefix, restarts] of PREFIXES) {
      if (!candidate.startsWith(prefix)) continue;
      const rest = candidate.slice(prefix.length);
      if (rest.length < MIN_STEM) continue;
      for (const restart of restarts) {
        if (restart === '') out.add(rest);
        else if (/^[aiueo]/.test(rest)) out.add(restart + rest);
      }
    }
  }
  const result = [...out];
  stemCache.set(word, result);
  return result;
}

/** A proper noun keeps its shape: only particles like -nya may come off. */
function properStems(word: string): string[] {
  return stripSuffixes(word, PARTICLE_SUFFIXES, 1);
}

function stripSuffixes(word: string, suffixes: string[], rounds: number): string[] {
  const out = [word];
  for (let round = 0; round < rounds; round += 1) {
    for (const candidate of [...out]) {
      for (const suffix of suffixes) {
        if (candidate.endsWith(suffix) && candidate.length - suffix.length >= 4) {
          const stripped = candidate.slice(0, -suffix.length);
          if (!out.includes(stripped)) out.push(stripped);
        }
      }
    }
  }
  return out;
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

function isAcronym(word: string): boolean {
  return /^\p{Lu}[\p{Lu}\d]+$/u.test(word) && (word.match(/\p{Lu}/gu) ?? []).length >= 2;
}

function hasDigit(word: string): boolean {
  return /\d/.test(word);
}

/** A degree or title written with dots inside, like S.Hut., M.A.P or Sp.PD. */
function looksLikeDottedTitle(raw: string): boolean {
  return /^(?:\p{L}{1,4}\.)+\p{L}{0,4}\.?$/u.test(raw) && /\p{Lu}/u.test(raw);
}

function isDegree(token: Token): boolean {
  return DEGREES.has(token.key) || (looksLikeDottedTitle(token.raw) && token.key.length >= 2);
}

function isPrefixTitle(token: Token): boolean {
  if (!PREFIX_TITLES.has(token.key)) return false;
  if (PREFIX_NEEDS_DOT.has(token.key)) return token.raw.endsWith('.') || token.raw.includes('.');
  return isCapitalised(token.word) || token.raw.includes('.');
}

/** Synonyms under which a title may appear in the sources. */
function titleVariants(key: string): string[] {
  const variants: Record<string, string[]> = {
    h: ['h', 'haji'],
    hj: ['hj', 'hajjah', 'hajah', 'haji'],
    dr: ['dr', 'dokter', 'doktor'],
    drg: ['drg', 'dokter'],
    prof: ['prof', 'profesor', 'professor'],
    ir: ['ir', 'insinyur'],
    kh: ['kh', 'kiai', 'kyai'],
  };
  return variants[key] ?? [key];
}

// ---------------------------------------------------------------------------
// The sources, indexed for look-ups

interface SourceWord {
  key: string;
  stems: string[];
  /** Written with a capital (or part of an expanded abbreviation): may be part of a name. */
  capital: boolean;
}

interface SourceIndex {
  /** Each source text as words; texts with abbreviations also appear expanded. */
  streams: SourceWord[][];
  /** Acronyms written in capitals in the sources (lower case). */
  capsTokens: Set<string>;
  /** Initials of every short run of source words (lower case): "dinas lingkungan hidup" -> "dlh". */
  initials: Set<string>;
  /** Stems of words the draft or the sources write in lower case: common words, not names. */
  lowerStems: Set<string>;
  /** Each source text as comparison tokens for quotes. */
  quoteStreams: string[][];
  numbers: Set<string>;
  dates: Set<string>;
  weekdays: Set<number>;
  /** The submission day and the day before, in the office's time zone. */
  submissionDates: string[];
}

function buildSourceIndex(sources: FactSources, segments: Segment[]): SourceIndex {
  const texts = [...sources.texts, ...sources.records].filter((text) => text.trim().length > 0);
  const streams: SourceWord[][] = [];
  const capsTokens = new Set<string>();
  const lowerStems = new Set<string>();
  for (const text of texts) {
    const tokens = tokenize(text);
    const stream = tokens.map((token) => ({
      key: token.key,
      stems: stems(token.key),
      capital: isCapitalised(token.word),
    }));
    streams.push(stream);
    const expanded = expandAbbreviations(stream);
    if (expanded) streams.push(expanded);
    for (const token of tokens) {
      if (isAcronym(token.word)) capsTokens.add(token.key);
      if (!isCapitalised(token.word)) for (const stem of stems(token.key)) lowerStems.add(stem);
    }
  }
  for (const segment of segments) {
    for (const token of tokenize(segment.text)) {
      if (/^\p{Ll}/u.test(token.word)) for (const stem of stems(token.key)) lowerStems.add(stem);
    }
  }
  const initials = new Set<string>();
  for (const stream of streams) addInitials(stream, initials);
  const today = localDate(sources.submittedAt, sources.timeZone);
  const { dates, weekdays } = sourceDates(texts, today);
  return {
    streams,
    capsTokens,
    initials,
    lowerStems,
    quoteStreams: texts.map(quoteTokens),
    numbers: sourceNumbers(texts, today),
    dates,
    weekdays,
    submissionDates: [today, addDays(today, -1)],
  };
}

function expandAbbreviations(stream: SourceWord[]): SourceWord[] | null {
  let changed = false;
  const out: SourceWord[] = [];
  for (const word of stream) {
    const expansion = ABBREVIATIONS[word.key];
    if (expansion === undefined) {
      out.push(word);
      continue;
    }
    changed = true;
    for (const part of expansion.split(' ')) out.push({ key: part, stems: stems(part), capital: true });
  }
  return changed ? out : null;
}

/**
 * Initials of runs of source words, for acronyms in the draft. Runs of
 * capitalised words count from two words; lower-case runs (phone notes) only
 * from three, since two-letter initials of ordinary words match almost anything.
 */
function addInitials(stream: SourceWord[], into: Set<string>): void {
  const words = stream.filter((word) => !CONNECTORS.has(word.key) && /^\p{L}/u.test(word.key));
  for (let i = 0; i < words.length; i += 1) {
    let initials = '';
    let allCapital = true;
    for (let length = 1; length <= 6 && i + length <= words.length; length += 1) {
      const word = words[i + length - 1]!;
      initials += word.key[0];
      allCapital &&= word.capital;
      if (length >= 3 || (length === 2 && allCapital)) into.add(initials);
    }
  }
}

// ---------------------------------------------------------------------------
// Phrase look-up

/** Positions where the words of `piece` appear one after another in a source. */
function findPhrase(piece: string[], index: SourceIndex): Array<{ stream: number; at: number }> {
  const wanted = piece.map(properStems);
  const hits: Array<{ stream: number; at: number }> = [];
  index.streams.forEach((stream, streamIndex) => {
    for (let at = 0; at + wanted.length <= stream.length; at += 1) {
      if (wanted.every((candidates, offset) => sharesStem(candidates, stream[at + offset]!.stems))) {
        hits.push({ stream: streamIndex, at });
      }
    }
  });
  return hits;
}

function sharesStem(candidates: string[], sourceStems: string[]): boolean {
  return candidates.some((candidate) => sourceStems.includes(candidate));
}

interface Word {
  key: string;
  /** Written in capitals in the draft ("DLH"). */
  acronym: boolean;
}

function wordsOf(tokens: Token[]): Word[] {
  return tokens.map((token) => ({ key: token.key, acronym: isAcronym(token.word) }));
}

/** Whether a run of capitalised words appears in the sources as written, abbreviated or as an acronym. */
function pieceSupported(piece: Word[], index: SourceIndex): boolean {
  const keys = piece.map((word) => word.key);
  if (findPhrase(keys, index).length > 0) return true;
  const expanded = keys.flatMap((key) => (ABBREVIATIONS[key] ?? key).split(' '));
  if (expanded.length !== keys.length && findPhrase(expanded, index).length > 0) return true;
  const named = keys.filter((key) => !CONNECTORS.has(key));
  if (named.length >= 2) {
    // "Dinas Lingkungan Hidup" where the sources say "DLH"; "Sumbawa Barat" where they say "KSB".
    const initials = named.map((key) => key[0]).join('');
    if (index.capsTokens.has(initials) || index.capsTokens.has(`k${initials}`)) return true;
  }
  // "DLH" where the sources say "Dinas Lingkungan Hidup".
  return piece.length === 1 && piece[0]!.acronym && index.initials.has(piece[0]!.key);
}

/**
 * Covers the words with runs that each appear in the sources, longest first.
 * `firstAtLeast` makes an organisation's keyword count only together with the
 * word after it: "Dinas" alone proves nothing about "Dinas Sosial".
 */
function coveredBySources(words: Word[], index: SourceIndex, firstAtLeast = 1): boolean {
  let from = 0;
  while (from < words.length) {
    if (from > 0 && CONNECTORS.has(words[from]!.key)) {
      from += 1;
      continue;
    }
    const minimum = from === 0 ? Math.min(firstAtLeast, words.length) : 1;
    let length = words.length - from;
    while (length >= minimum && !pieceSupported(words.slice(from, from + length), index)) length -= 1;
    if (length < minimum) return false;
    from += length;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Names and organisations

type UnitType = 'person' | 'plain' | 'org' | 'admin' | 'acronym';

interface Unit {
  type: UnitType;
  words: Token[];
  prefixes: Token[];
  degrees: Token[];
}

/** Words the draft capitalises in the middle of a sentence outside its title: its proper nouns. */
function draftProperNouns(segments: Segment[]): Set<string> {
  const nouns = new Set<string>();
  for (const segment of segments) {
    if (segment.isTitle) continue;
    const tokens = tokenize(segment.text);
    tokens.forEach((token, i) => {
      if (isCapitalised(token.word) && !startsSentence(segment.text, tokens, i)) nouns.add(token.key);
    });
  }
  return nouns;
}

function startsSentence(text: string, tokens: Token[], i: number): boolean {
  if (i === 0) return true;
  const previous = tokens[i - 1]!;
  const gap = text.slice(previous.rawEnd, tokens[i]!.start);
  if (/[!?:;“”"\n(–—]/.test(gap)) return true;
  if (!previous.raw.endsWith('.') || gap.includes(',')) return false;
  // A degree closes a name, so "…, M.A.P. Bibit" starts a new sentence; "dr. Andi" does not.
  if (isTrailingDegree(previous) && isCapitalised(tokens[i]!.word)) return true;
  return !isAbbreviatedWord(previous);
}

function isTrailingDegree(token: Token): boolean {
  return isDegree(token) && !PREFIX_TITLES.has(token.key) && !/^\p{Lu}$/u.test(token.word);
}

/** A dot after a title, degree or initial does not end a sentence. */
function isAbbreviatedWord(token: Token): boolean {
  return (
    PREFIX_TITLES.has(token.key) ||
    DEGREES.has(token.key) ||
    looksLikeDottedTitle(token.raw) ||
    /^\p{Lu}$/u.test(token.word) ||
    HONORIFICS.has(token.key) ||
    ['no', 'kab', 'kec', 'kel', 'ds', 'jl', 'sdr', 'bpk', 'plt', 'plh', 'pj', 'dsb', 'dll', 'tgl'].includes(token.key)
  );
}

/** Whether the title capitalises most words, so capitals there say nothing about names. */
function isTitleCase(text: string): boolean {
  const words = tokenize(text).filter((token) => token.word.length >= 4 && !hasDigit(token.word));
  if (words.length === 0) return false;
  return words.filter((token) => isCapitalised(token.word)).length / words.length >= 0.6;
}

type TokenClass = 'honorific' | 'prefix' | 'connector' | 'org' | 'admin' | 'acronym' | 'name' | 'skip';

interface SegmentContext {
  text: string;
  tokens: Token[];
  titleCase: boolean;
  properNouns: Set<string>;
  index: SourceIndex;
}

function classify(i: number, ctx: SegmentContext): TokenClass {
  const token = ctx.tokens[i]!;
  const next = ctx.tokens[i + 1];
  if (HONORIFICS.has(token.key) && next && isCapitalised(next.word)) return 'honorific';
  if (isPrefixTitle(token) && next && isCapitalised(next.word) && !punctuationAfter(ctx, i)) return 'prefix';
  if (CONNECTORS.has(token.key) && !isCapitalised(token.word)) return 'connector';
  if (hasDigit(token.word) && !isAcronym(token.word)) return 'skip';
  if (!isCapitalised(token.word)) return 'skip';
  if (STOP_WORDS.has(token.key) || POSITIONS.has(token.key)) return 'skip';
  if (ORG_KEYWORDS.has(token.key)) return 'org';
  if (ADMIN_WORDS.has(token.key)) return 'admin';
  if (isAcronym(token.word)) return 'acronym';
  if (ctx.titleCase) return isNameInTitle(i, ctx) ? 'name' : 'skip';
  if (startsSentence(ctx.text, ctx.tokens, i) && !looksLikeNameAtSentenceStart(i, ctx)) return 'skip';
  return 'name';
}

/**
 * Every sentence starts with a capital, so a first word counts as a name only
 * with more evidence: the draft capitalises it elsewhere, or another name word
 * follows it ("Ahmad Fauzi menjelaskan").
 */
function looksLikeNameAtSentenceStart(i: number, ctx: SegmentContext): boolean {
  const token = ctx.tokens[i]!;
  if (isCommonWord(token.key, ctx.index) || isReduplicated(token.key)) return false;
  if (ctx.properNouns.has(token.key)) return true;
  const next = ctx.tokens[i + 1];
  if (next === undefined || /[,;:()“”"\n.!?]/.test(ctx.text.slice(token.rawEnd, next.start))) return false;
  return mayBeNameWord(next);
}

/** Capitalised, and none of the words that mark titles, positions, organisations or areas. */
function mayBeNameWord(token: Token): boolean {
  return (
    isCapitalised(token.word) &&
    !isAcronym(token.word) &&
    !hasDigit(token.word) &&
    !STOP_WORDS.has(token.key) &&
    !POSITIONS.has(token.key) &&
    !ORG_KEYWORDS.has(token.key) &&
    !ADMIN_WORDS.has(token.key)
  );
}

/**
 * A headline capitalises every word. A word there is a name when the draft uses
 * it as one elsewhere, or when it and a neighbour are both words the draft and
 * sources never write in lower case ("Lukman Hakim"); headline verbs like
 * "Tanam" appear in lower case ("menanam") and stay out.
 */
function isNameInTitle(i: number, ctx: SegmentContext): boolean {
  if (ctx.properNouns.has(ctx.tokens[i]!.key)) return true;
  if (!isUncommonCapital(ctx.tokens[i]!, ctx)) return false;
  const neighbours = [i - 1, i + 1].filter((j) => {
    const other = ctx.tokens[j];
    if (other === undefined) return false;
    const [left, right] = j < i ? [other, ctx.tokens[i]!] : [ctx.tokens[i]!, other];
    return !/[,;:()“”"!?–—]/.test(ctx.text.slice(left.rawEnd, right.start));
  });
  // A known name next to a headline verb ("Seteluk Jangkau") is not enough: both must be unknown.
  return neighbours.some((j) => !ctx.properNouns.has(ctx.tokens[j]!.key) && isUncommonCapital(ctx.tokens[j]!, ctx));
}

function isUncommonCapital(token: Token, ctx: SegmentContext): boolean {
  return mayBeNameWord(token) && !isReduplicated(token.key) && !isCommonWord(token.key, ctx.index);
}

/** A prefix title belongs to the name after it only when no punctuation separates them. */
function punctuationAfter(ctx: SegmentContext, i: number): boolean {
  const token = ctx.tokens[i]!;
  const next = ctx.tokens[i + 1];
  return next === undefined || /[,;:()“”"\n]/.test(ctx.text.slice(token.rawEnd, next.start));
}

/** "Masing-masing", "Anak-anak": reduplicated words are never names. */
function isReduplicated(key: string): boolean {
  const [first, second, ...rest] = key.split('-');
  return rest.length === 0 && first !== undefined && second !== undefined && second.startsWith(first.slice(0, 3));
}

/** A sentence-initial capital proves nothing when the word is also used in lower case. */
function isCommonWord(key: string, index: SourceIndex): boolean {
  return stems(key).some((stem) => index.lowerStems.has(stem));
}

function checkNamesIn(segment: Segment, properNouns: Set<string>, index: SourceIndex, report: Report): void {
  const tokens = tokenize(segment.text);
  const ctx: SegmentContext = {
    text: segment.text,
    tokens,
    titleCase: segment.isTitle === true && isTitleCase(segment.text),
    properNouns,
    index,
  };
  const vouched = spelledOutAcronyms(ctx);
  for (const unit of collectUnits(ctx, segment.speaker === true)) {
    if (isGenericOnly(unit)) continue;
    const text = unitText(unit, segment.text);
    const kind: FindingKind = unit.type === 'person' || unit.type === 'plain' ? 'name' : 'organisation';
    const spelledOut = unit.prefixes.length === 0 && unit.words.every((token) => vouched.has(token));
    report.checked(kind, text, segment.where, spelledOut || unitSupported(unit, index));
  }
}

/**
 * "Masa Pengenalan Lingkungan Sekolah (MPLS)": when the sources support the
 * acronym and its letters are the initials of the words before it, those words
 * are its spelling-out, not a new fact.
 */
function spelledOutAcronyms(ctx: SegmentContext): Set<Token> {
  const vouched = new Set<Token>();
  for (const match of ctx.text.matchAll(/\(([^()]{2,24})\)/g)) {
    const inner = tokenize(match[1]!);
    const letters = (match[1]!.match(/\p{Lu}/gu) ?? []).join('').toLowerCase();
    if (letters.length < 2 || inner.length === 0) continue;
    if (!inner.every((token) => pieceSupported(wordsOf([token]), ctx.index))) continue;
    const words = wordsBefore(ctx, match.index, letters.length);
    if (words && words.filter(isCapitalisedToken).map((token) => token.key[0]).join('') === letters) {
      for (const token of words) vouched.add(token);
    }
  }
  return vouched;
}

function isCapitalisedToken(token: Token): boolean {
  return isCapitalised(token.word);
}

/** The last `count` capitalised words before `offset` in the same clause, with lower-case words between them. */
function wordsBefore(ctx: SegmentContext, offset: number, count: number): Token[] | null {
  const out: Token[] = [];
  let capitals = 0;
  for (let i = ctx.tokens.length - 1; i >= 0 && capitals < count; i -= 1) {
    const token = ctx.tokens[i]!;
    if (token.rawEnd > offset) continue;
    const gapEnd = out[0]?.start ?? offset;
    if (/[,;:.()“”"!?]/.test(ctx.text.slice(token.rawEnd, gapEnd))) break;
    out.unshift(token);
    if (isCapitalised(token.word)) capitals += 1;
  }
  while (out[0] && !isCapitalised(out[0].word)) out.shift();
  return capitals === count ? out : null;
}

/** Groups the segment's capitalised words into names and organisations. */
function collectUnits(ctx: SegmentContext, speaker: boolean): Unit[] {
  const units: Unit[] = [];
  let unit: Unit | null = null;
  let personNext = speaker;
  let prefixes: Token[] = [];
  const close = (): void => {
    const done = unit as Unit | null;
    while (done && done.words.length > 0 && CONNECTORS.has(done.words[done.words.length - 1]!.key)) done.words.pop();
    if (done && done.words.length > 0) units.push(done);
    unit = null;
  };

  ctx.tokens.forEach((token, i) => {
    const gap = i === 0 ? '' : ctx.text.slice(ctx.tokens[i - 1]!.rawEnd, token.start);
    const current = unit as Unit | null;
    // Degrees follow the name after a comma: "Julmansyah, S.Hut., M.A.P".
    if (current && (current.type === 'person' || current.type === 'plain') && isDegree(token)) {
      const lastWasDegree = current.degrees.length > 0 && !/[;:()“”"\n]/.test(gap);
      if ((gap.includes(',') && !/[;:()“”"\n]/.test(gap)) || lastWasDegree) {
        current.degrees.push(token);
        current.type = 'person';
        return;
      }
    }
    if (i > 0 && (/[,;:()“”"!?\n–—]/.test(gap) || startsSentence(ctx.text, ctx.tokens, i))) close();

    const cls = classify(i, ctx);
    const open = unit as Unit | null;
    switch (cls) {
      case 'honorific':
        close();
        personNext = true;
        return;
      case 'prefix':
        if (open && open.words.length > 0) close();
        prefixes.push(token);
        personNext = true;
        return;
      case 'skip':
        close();
        personNext = speaker && units.length === 0;
        prefixes = [];
        return;
      case 'connector': {
        const next = ctx.tokens[i + 1];
        const joins =
          next !== undefined && isCapitalised(next.word) && (open?.type === 'org' || open?.type === 'plain');
        if (joins && open) open.words.push(token);
        else close();
        return;
      }
      case 'org':
        if (open?.type === 'org') open.words.push(token);
        else {
          close();
          unit = { type: 'org', words: [token], prefixes: [], degrees: [] };
        }
        return;
      case 'admin':
        if (open?.type === 'org') open.words.push(token);
        else {
          close();
          unit = { type: 'admin', words: [token], prefixes: [], degrees: [] };
        }
        return;
      case 'acronym':
        if (open?.type === 'org' || open?.type === 'admin') open.words.push(token);
        else {
          close();
          units.push({ type: 'acronym', words: [token], prefixes: [], degrees: [] });
        }
        return;
      case 'name':
        if (open && open.degrees.length === 0) open.words.push(token);
        else {
          close();
          unit = { type: personNext || prefixes.length > 0 ? 'person' : 'plain', words: [token], prefixes, degrees: [] };
          prefixes = [];
          personNext = false;
        }
        return;
    }
  });
  close();
  return units;
}

/** The unit as written in the draft, from its first title to its last degree. */
function unitText(unit: Unit, text: string): string {
  const first = unit.prefixes[0] ?? unit.words[0]!;
  const lastDegree = unit.degrees[unit.degrees.length - 1];
  const end = lastDegree ? lastDegree.rawEnd : unit.words[unit.words.length - 1]!.end;
  return text.slice(first.start, end);
}

// Abbreviations that name one particular office, so they count on their own.
const SPECIFIC_ORG_ABBREVIATIONS = new Set([
  'dinkes', 'dikes', 'disdik', 'dikbud', 'distan', 'dinsos', 'dishub', 'diskominfo', 'disdukcapil', 'dukcapil',
  'bappeda', 'damkar', 'setda', 'prokopim',
]);

/** A lone "Dinas" or "Desa" names nothing in particular. */
function isGenericOnly(unit: Unit): boolean {
  return unit.words.every(
    (token) => !isAcronym(token.word) && (ORG_KEYWORDS.has(token.key) || ADMIN_WORDS.has(token.key)),
  );
}

function unitSupported(unit: Unit, index: SourceIndex): boolean {
  const words = wordsOf(unit.words);
  const keys = words.map((word) => word.key);
  switch (unit.type) {
    case 'person':
      return findPhrase(keys, index).length > 0 && titlesSupported(unit, index);
    case 'plain':
      return coveredBySources(words, index);
    case 'acronym':
      return pieceSupported(words, index);
    case 'admin':
      return areaSupported(keys, index);
    case 'org': {
      if (AREA_GOVERNMENTS.has(keys[0]!) && keys.length > 1) return areaSupported(keys.slice(1), index);
      const first = words[0]!;
      const specific = first.acronym || SPECIFIC_ORG_ABBREVIATIONS.has(first.key);
      return coveredBySources(words, index, words.length > 1 && !specific ? 2 : 1);
    }
  }
}

/** "Desa Kuang" is supported by "Kuang"; "Kabupaten Sumbawa Barat" also by "KSB". */
function areaSupported(words: string[], index: SourceIndex): boolean {
  const [kind, ...name] = ADMIN_WORDS.has(words[0]!) ? words : ['', ...words];
  if (name.length === 0) return true;
  if (findPhrase(name, index).length > 0) return true;
  const initials = name.map((word) => word[0]).join('');
  return index.capsTokens.has(initials) || index.capsTokens.has(`${kind?.[0] ?? ''}${initials}`);
}

/** Every title and degree of a person must appear near that person's name in the sources. */
function titlesSupported(unit: Unit, index: SourceIndex): boolean {
  const titles = [...unit.prefixes, ...unit.degrees];
  if (titles.length === 0) return true;
  const words = unit.words.map((token) => token.key);
  const hits = findPhrase(words, index);
  return titles.every((title) =>
    hits.some(({ stream, at }) => titleNear(title.key, index.streams[stream]!, at, at + words.length)),
  );
}

function titleNear(key: string, stream: SourceWord[], from: number, to: number): boolean {
  const window = stream.slice(Math.max(0, from - 6), Math.min(stream.length, to + 12)).map((word) => word.key);
  const variants = titleVariants(key);
  return window.some(
    (word, i) => variants.includes(word) || variants.includes(word + (window[i + 1] ?? '')),
  );
}

// ---------------------------------------------------------------------------
// Direct quotes

const QUOTE_SIMILARITY = 0.85;

function checkQuotesIn(segment: Segment, index: SourceIndex, report: Report): void {
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
function quoteTokens(text: string): string[] {
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

// ---------------------------------------------------------------------------
// Numbers

const MULTIPLIERS: Record<string, number> = {
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

interface Span {
  start: number;
  end: number;
}

interface NumberMention extends Span {
  text: string;
  /** Candidate readings: "1,250" may be 1.25 or 1250. Times are "t08:00". */
  values: string[];
}

function formatValue(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Readings of a digit string under Indonesian (and, where ambiguous, English) conventions. */
function parseDigits(digits: string): number[] {
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(digits)) return [Number(digits.replace(/\./g, '').replace(',', '.'))];
  if (/^\d{1,3}(?:,\d{3})+$/.test(digits)) return [Number(digits.replace(',', '.')), Number(digits.replace(/,/g, ''))];
  if (/^\d+,\d+$/.test(digits)) return [Number(digits.replace(',', '.'))];
  if (/^\d+\.\d{1,2}$/.test(digits)) return [Number(digits)];
  if (/^\d+$/.test(digits)) return [Number(digits)];
  return [Number(digits.replace(/[.,]/g, ''))];
}

/** Reads Indonesian number words starting at `from`: "dua ratus lima puluh" -> 250. */
function parseNumberWords(words: string[], from: number): { value: number; length: number } | null {
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

function sourceNumbers(texts: string[], today: string): Set<string> {
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

function checkNumbersIn(segment: Segment, dateSpans: Span[], index: SourceIndex, report: Report): void {
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

// ---------------------------------------------------------------------------
// Dates

interface DateMention extends Span {
  text: string;
  iso: string | null;
  weekday: number | null;
}

/** The calendar date of `at` in `timeZone`, as YYYY-MM-DD. */
function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function weekdayOf(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
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

function sourceDates(texts: string[], today: string): { dates: Set<string>; weekdays: Set<number> } {
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
function checkDatesIn(segment: Segment, index: SourceIndex, report: Report): Span[] {
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

function checkEventDate(item: NewsItem, index: SourceIndex, report: Report): void {
  if (item.eventDate === null || !isIsoDate(item.eventDate)) return;
  const shown = formatDatelineDate(item.eventDate) ?? item.eventDate;
  report.checked('date', shown, 'dateline', dateSupported(item.eventDate, index));
}
