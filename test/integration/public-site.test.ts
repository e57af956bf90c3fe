// The public news site and feeds, served from the real database through the
// Prisma NewsReader: what is public (published, not withdrawn, not in review),
// order and pagination, escaping of LLM-written text everywhere, and that the
// media route only ever serves photos of published items.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNewsReader } from '../../src/adapters/prisma/news-reader.js';
import type { Database } from '../../src/adapters/prisma/client.js';
import type { NewsItem } from '../../src/domain/news-item.js';
import { createHttpApp } from '../../src/http/app.js';
import { publicSiteRouter } from '../../src/http/public-site.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const EVIL_TITLE = 'Rapat <script>alert(1)</script> & "quotes"';
const EVIL_TAG = '<img src=x onerror=alert(2)>';
const EVIL_CAPTION = 'Foto <b onmouseover="alert(3)">rapat</b>';
const EVIL_AGENCY = 'Dinas Kominfo & <i>Persandian</i>';

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'";

interface Photo {
  sha256: string;
  /** The bytes the site should serve: the web derivative when there is one. */
  served: Buffer;
}

let testDb: TestDatabase;
let db: Database;
let server: Server;
let baseUrl: string;
let mediaDir: string;
let photoCounter = 0;

/** A real JPEG, different every call (so every asset has its own sha256). */
async function makeJpeg(width: number, height: number): Promise<Buffer> {
  photoCounter += 1;
  const hue = (photoCounter * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},60%,30%)"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.3}" cy="${height * 0.4}" r="${height / 5}" fill="rgba(255,255,255,0.5)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** Stores a photo as the media store does: originals/<2>/<sha>.jpg plus, optionally, web/<2>/<sha>.jpg. */
async function storePhoto(options: { web: boolean; storagePath?: string }): Promise<{ assetId: number; photo: Photo }> {
  const original = await makeJpeg(1200, 800);
  const sha256 = createHash('sha256').update(original).digest('hex');
  const storagePath = options.storagePath ?? `originals/${sha256.slice(0, 2)}/${sha256}.jpg`;
  const webPath = options.web ? `web/${sha256.slice(0, 2)}/${sha256}.jpg` : null;
  const web = options.web ? await sharp(original).resize({ width: 600 }).jpeg({ quality: 70 }).toBuffer() : null;
  if (!options.storagePath) writeFileUnder(storagePath, original);
  if (webPath && web) writeFileUnder(webPath, web);
  const asset = await db.mediaAsset.create({
    data: { sha256, mime: 'image/jpeg', sizeBytes: original.length, width: 1200, height: 800, storagePath, webPath },
  });
  return { assetId: asset.id, photo: { sha256, served: web ?? original } };
}

function writeFileUnder(relativePath: string, content: Buffer): void {
  const path = join(mediaDir, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function newsItem(title: string, overrides: Partial<NewsItem> = {}): NewsItem {
  return {
    title,
    datelinePlace: 'TALIWANG',
    eventDate: '2024-11-12',
    lead: `Lead paragraph of ${title}, held in Taliwang on Tuesday.`,
    body: [`First body paragraph of ${title}.`, `Second body paragraph of ${title}.`],
    quotes: [],
    photoCaptions: [],
    tags: ['lingkungan'],
    agency: 'Dinas Lingkungan Hidup',
    questions: [],
    ...overrides,
  };
}

let externalIdCounter = 0;

/** One bundle with its approved draft and photo messages, in the given state. */
async function seedBundle(options: {
  agencyId: number;
  contributorId: number;
  status: 'published' | 'withdrawn' | 'in_review';
  slug: string;
  item: NewsItem;
  publishedAt: Date | null;
  photos?: Array<{ web: boolean; caption?: string; storagePath?: string }>;
}): Promise<{ bundleId: number; photos: Photo[] }> {
  const bundle = await db.bundle.create({
    data: {
      agencyId: options.agencyId,
      contributorId: options.contributorId,
      channel: 'telegram',
      chatId: '1001',
      status: options.status,
      slug: options.slug,
      publishedAt: options.publishedAt,
      withdrawnAt: options.status === 'withdrawn' ? new Date() : null,
    },
  });
  const photos: Photo[] = [];
  for (const [index, spec] of (options.photos ?? []).entries()) {
    const { assetId, photo } = await storePhoto(spec);
    photos.push(photo);
    externalIdCounter += 1;
    await db.inboundMessage.create({
      data: {
        channel: 'telegram',
        externalId: `1001:${externalIdCounter}`,
        bundleId: bundle.id,
        kind: 'photo',
        caption: spec.caption ?? null,
        mediaAssetId: assetId,
        raw: {},
        receivedAt: new Date(Date.UTC(2024, 10, 12, 0, 0, index)),
      },
    });
  }
  const draft = await db.draft.create({ data: { bundleId: bundle.id, version: 1, kind: 'llm', content: options.item } });
  await db.bundle.update({ where: { id: bundle.id }, data: { publishedDraftId: draft.id } });
  return { bundleId: bundle.id, photos };
}

const seeded: {
  dlhTitles: string[];
  main: { slug: string; photos: Photo[] };
  evil: { slug: string; photos: Photo[] };
  withdrawn: { slug: string; photos: Photo[] };
  inReview: { slug: string; photos: Photo[] };
  escaping: { slug: string };
} = {} as never;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  mediaDir = join(mkdtempSync(join(tmpdir(), 'warta-site-')), 'media');

  const dlh = await db.agency.create({ data: { name: 'Dinas Lingkungan Hidup', slug: 'dinas-lingkungan-hidup', inviteCode: 'DLH0001' } });
  const kominfo = await db.agency.create({ data: { name: EVIL_AGENCY, slug: 'dinas-kominfo', inviteCode: 'KOM0001' } });
  const empty = await db.agency.create({ data: { name: 'Dinas Tanpa Berita', slug: 'dinas-tanpa-berita', inviteCode: 'NON0001' } });
  const dlhPerson = await db.contributor.create({ data: { agencyId: dlh.id, name: 'Siti Aminah' } });
  const kominfoPerson = await db.contributor.create({ data: { agencyId: kominfo.id, name: 'Budi' } });
  const emptyPerson = await db.contributor.create({ data: { agencyId: empty.id, name: 'Ani' } });

  // Twelve DLH items, one per hour; the first is the oldest. 2024-11-12T01:15Z is 09.15 WITA.
  seeded.dlhTitles = [];
  for (let i = 1; i <= 12; i += 1) {
    const title = `Berita DLH nomor ${String(i).padStart(2, '0')}`;
    seeded.dlhTitles.push(title);
    const isMain = i === 1;
    const result = await seedBundle({
      agencyId: dlh.id,
      contributorId: dlhPerson.id,
      status: 'published',
      slug: `berita-dlh-${i}`,
      publishedAt: new Date(Date.UTC(2024, 10, 12, i, 15)),
      item: newsItem(title, isMain ? { photoCaptions: [{ photoIndex: 1, caption: 'Kepala DLH menanam bibit mahoni.' }], tags: ['lingkungan', 'penghijauan'] } : {}),
      photos: isMain
        ? [
            { web: true, caption: 'caption the contributor wrote on photo 1' },
            { web: false, caption: 'Warga ikut menanam di bantaran sungai.' },
          ]
        : [{ web: true }],
    });
    if (isMain) seeded.main = { slug: 'berita-dlh-1', photos: result.photos };
  }

  // The newest item: every field an LLM wrote carries markup.
  const evil = await seedBundle({
    agencyId: kominfo.id,
    contributorId: kominfoPerson.id,
    status: 'published',
    slug: 'rapat-script',
    publishedAt: new Date(Date.UTC(2024, 10, 13, 2, 0)),
    item: newsItem(EVIL_TITLE, {
      lead: `Lead with ${EVIL_TAG} inside & more.`,
      body: [`Paragraph with ${EVIL_TAG} and </p><script>alert(4)</script>.`],
      photoCaptions: [{ photoIndex: 1, caption: EVIL_CAPTION }],
      tags: [EVIL_TAG, 'aman'],
      agency: EVIL_AGENCY,
    }),
    photos: [{ web: true }],
  });
  seeded.evil = { slug: 'rapat-script', photos: evil.photos };

  const withdrawn = await seedBundle({
    agencyId: dlh.id,
    contributorId: dlhPerson.id,
    status: 'withdrawn',
    slug: 'berita-ditarik',
    publishedAt: new Date(Date.UTC(2024, 10, 14)),
    item: newsItem('Berita yang ditarik kembali'),
    photos: [{ web: true }],
  });
  seeded.withdrawn = { slug: 'berita-ditarik', photos: withdrawn.photos };

  const inReview = await seedBundle({
    agencyId: empty.id,
    contributorId: emptyPerson.id,
    status: 'in_review',
    slug: 'draf-masih-ditinjau',
    publishedAt: null,
    item: newsItem('Draf yang masih ditinjau'),
    photos: [{ web: true }],
  });
  seeded.inReview = { slug: 'draf-masih-ditinjau', photos: inReview.photos };

  // A published item whose asset row points outside MEDIA_DIR: must never be served.
  await seedBundle({
    agencyId: dlh.id,
    contributorId: dlhPerson.id,
    status: 'published',
    slug: 'jalur-aneh',
    publishedAt: new Date(Date.UTC(2024, 10, 1)),
    item: newsItem('Berita dengan jalur berkas aneh'),
    photos: [{ web: false, storagePath: '../../../../etc/passwd' }],
  });
  seeded.escaping = { slug: 'jalur-aneh' };

  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createHttpApp({
    log: createLogger({ level: 'silent' }),
    readiness: [],
    routers: [
      publicSiteRouter({
        news: createNewsReader(db, { mediaDir, publicUrl: baseUrl }),
        timeZone: 'Asia/Makassar',
        publicUrl: baseUrl,
        siteName: 'Warta Sumbawa Barat',
      }),
    ],
  });
  server.on('request', app);
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await testDb?.drop();
});

async function get(path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${baseUrl}${path}`);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A request whose path goes out exactly as written (fetch would normalise `..`). */
function rawGet(path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Titles of the listed articles, in page order. */
function listedTitles(html: string): string[] {
  return [...html.matchAll(/<h2><a href="\/news\/[^"]+">([^<]*)<\/a><\/h2>/g)].map((m) => m[1] ?? '');
}

const escapedEvilTitle = 'Rapat &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;';

describe('GET /', () => {
  it('lists published news newest first, ten per page, without withdrawn or in-review items', async () => {
    const page1 = await get('/');
    expect(page1.status).toBe(200);
    expect(page1.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(page1.headers.get('content-security-policy')).toBe(CSP);
    expect(page1.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page1.text).toMatch(/<html lang="id">/);
    expect(page1.text).toContain('name="viewport"');

    const newestDlh = [...seeded.dlhTitles].reverse();
    expect(listedTitles(page1.text)).toEqual([escapedEvilTitle, ...newestDlh.slice(0, 9)]);
    expect(page1.text).not.toContain('Berita yang ditarik kembali');
    expect(page1.text).not.toContain('Draf yang masih ditinjau');
    expect(page1.text).toContain('href="/?page=2"');
    expect(page1.text).toContain('Berikutnya');
    expect(page1.text).not.toContain('Sebelumnya');
    // The thumbnail of the newest DLH item, and the date in WITA, in Indonesian.
    expect(page1.text).toContain('Rabu, 13 November 2024 10.00 WITA');

    const page2 = await get('/?page=2');
    expect(listedTitles(page2.text)).toEqual([...newestDlh.slice(9), 'Berita dengan jalur berkas aneh']);
    expect(page2.text).toContain('href="/"');
    expect(page2.text).toContain('Sebelumnya');
    expect(page2.text).not.toContain('Berikutnya');
  });

  it('shows the first photo as a thumbnail and an excerpt of the lead', async () => {
    const { text } = await get('/?page=2');
    const item = text.slice(text.indexOf('href="/news/berita-dlh-1"'));
    expect(text).toContain(`src="/media/${seeded.main.photos[0]!.sha256}.jpg"`);
    expect(item).toContain('Lead paragraph of Berita DLH nomor 01');
    expect(item).toContain('Selasa, 12 November 2024 09.15 WITA');
  });

  it('filters by agency with ?instansi= and keeps the filter across pages', async () => {
    const home = await get('/');
    // Filter links: only agencies that have published news.
    expect(home.text).toContain('href="/?instansi=dinas-lingkungan-hidup"');
    expect(home.text).toContain('href="/?instansi=dinas-kominfo"');
    expect(home.text).not.toContain('dinas-tanpa-berita');

    const kominfo = await get('/?instansi=dinas-kominfo');
    expect(listedTitles(kominfo.text)).toEqual([escapedEvilTitle]);

    const dlh1 = await get('/?instansi=dinas-lingkungan-hidup');
    expect(listedTitles(dlh1.text)).toHaveLength(10);
    expect(listedTitles(dlh1.text)).not.toContain(escapedEvilTitle);
    expect(dlh1.text).toContain('href="/?instansi=dinas-lingkungan-hidup&amp;page=2"');
    const dlh2 = await get('/?instansi=dinas-lingkungan-hidup&page=2');
    expect(listedTitles(dlh2.text)).toEqual([seeded.dlhTitles[1], seeded.dlhTitles[0], 'Berita dengan jalur berkas aneh']);
  });

  it('shows the empty state for an agency without news and an unknown one, without echoing the slug', async () => {
    for (const path of ['/?instansi=dinas-tanpa-berita', '/?instansi=%3Cscript%3Ex']) {
      const { status, text } = await get(path);
      expect(status).toBe(200);
      expect(text).toContain('Belum ada berita.');
      expect(listedTitles(text)).toEqual([]);
      expect(text).not.toContain('<script>x');
    }
  });

  it('treats a bad page number as page 1', async () => {
    const { text } = await get('/?page=abc');
    expect(listedTitles(text)[0]).toBe(escapedEvilTitle);
  });
});

describe('GET /news/:slug', () => {
  it('renders the article with photos, captions, tags and OpenGraph tags', async () => {
    const { status, text, headers } = await get('/news/berita-dlh-1');
    expect(status).toBe(200);
    expect(headers.get('content-security-policy')).toBe(CSP);
    const [photo1, photo2] = seeded.main.photos;
    expect(text).toContain('<h1>Berita DLH nomor 01</h1>');
    expect(text).toContain('<span class="dateline">TALIWANG, (12/11/2024) – </span>Lead paragraph of Berita DLH nomor 01');
    expect(text).toContain('<p>Second body paragraph of Berita DLH nomor 01.</p>');
    expect(text).toContain('Selasa, 12 November 2024 09.15 WITA');
    expect(text).toContain('Dinas Lingkungan Hidup');
    // Caption 1 from the draft (it wins over the contributor's), caption 2 from the message.
    expect(text).toMatch(new RegExp(`<figure><img src="/media/${photo1!.sha256}\\.jpg" alt="Kepala DLH menanam bibit mahoni\\." width="1200" height="800" loading="lazy"[^>]*><figcaption>Kepala DLH menanam bibit mahoni\\.</figcaption></figure>`));
    expect(text).toContain(`<img src="/media/${photo2!.sha256}.jpg"`);
    expect(text).toContain('<figcaption>Warga ikut menanam di bantaran sungai.</figcaption>');
    expect(text).not.toContain('caption the contributor wrote on photo 1');
    expect(text).toContain('<li>penghijauan</li>');

    const meta = (property: string) => new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(text)?.[1];
    expect(meta('og:title')).toBe('Berita DLH nomor 01');
    expect(meta('og:description')).toBe('Lead paragraph of Berita DLH nomor 01, held in Taliwang on Tuesday.');
    expect(meta('og:image')).toBe(`${baseUrl}/media/${photo1!.sha256}.jpg`);
    expect(meta('og:url')).toBe(`${baseUrl}/news/berita-dlh-1`);
    expect(meta('og:type')).toBe('article');
    expect(meta('article:published_time')).toBe('2024-11-12T01:15:00.000Z');
    expect(text).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(text).toContain('<link rel="alternate" type="application/rss+xml" title="Warta Sumbawa Barat (RSS)" href="/feed.xml">');
    expect(text).toContain('type="application/feed+json"');
  });

  it('answers 404 with an HTML page for withdrawn, in-review and unknown slugs', async () => {
    for (const slug of [seeded.withdrawn.slug, seeded.inReview.slug, 'tidak-ada', '..%2F..%2Fetc%2Fpasswd']) {
      const { status, text, headers } = await get(`/news/${slug}`);
      expect(status, slug).toBe(404);
      expect(headers.get('content-type')).toMatch(/^text\/html/);
      expect(text).toContain('Berita tidak ditemukan');
      expect(text).not.toContain('Berita yang ditarik kembali');
    }
  });
});

describe('escaping of LLM-written text', () => {
  it('escapes title, lead, body, captions, tags and agency on the pages', async () => {
    const home = await get('/');
    const article = await get(`/news/${seeded.evil.slug}`);
    for (const html of [home.text, article.text]) {
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<i>Persandian</i>');
      expect(html).toContain(escapedEvilTitle);
      expect(html).toContain('Dinas Kominfo &amp; &lt;i&gt;Persandian&lt;/i&gt;');
    }
    expect(article.text).not.toContain('<b onmouseover');
    expect(article.text).toContain('<figcaption>Foto &lt;b onmouseover=&quot;alert(3)&quot;&gt;rapat&lt;/b&gt;</figcaption>');
    expect(article.text).toContain('<li>&lt;img src=x onerror=alert(2)&gt;</li>');
    expect(article.text).toContain('&lt;/p&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
    expect(article.text).toContain(`<meta property="og:title" content="${escapedEvilTitle}">`);
  });

  it('escapes in the RSS feed and round-trips in the JSON feed', async () => {
    const rss = await get('/feed.xml');
    expect(rss.text).not.toContain('<script>');
    expect(rss.text).not.toContain('<img');
    expect(rss.text).toContain('<title>Rapat &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</title>');
    expect(rss.text).toContain('<category>Dinas Kominfo &amp; &lt;i&gt;Persandian&lt;/i&gt;</category>');

    const json = await get('/feed.json');
    expect(json.text).not.toContain('<script>');
    const feed = JSON.parse(json.text) as { items: Array<{ title: string; tags: string[]; authors: Array<{ name: string }> }> };
    const item = feed.items.find((entry) => entry.title === EVIL_TITLE);
    expect(item?.tags).toContain(EVIL_TAG);
    expect(item?.authors).toEqual([{ name: EVIL_AGENCY }]);
  });
});

/** Checks that tags nest and close, and that every `&` starts an entity: enough to catch broken XML. */
function assertWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
  const stack: string[] = [];
  for (const tag of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = tag;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Every `<` was part of a tag the pattern above understood.
  expect(body.replace(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g, '')).not.toContain('<');
}

describe('GET /feed.xml', () => {
  it('is RSS 2.0 with items, links, dates and photo enclosures', async () => {
    const { status, headers, text } = await get('/feed.xml');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    assertWellFormedXml(text);
    expect(text).toMatch(/<rss version="2\.0"[^>]*>\s*<channel>/);
    const channel = text.slice(0, text.indexOf('<item>'));
    expect(channel).toContain('<title>Warta Sumbawa Barat</title>');
    expect(channel).toContain(`<link>${baseUrl}/</link>`);
    expect(channel).toMatch(/<description>[^<]+<\/description>/);
    expect(channel).toContain('<language>id</language>');
    expect(channel).toContain('<lastBuildDate>Wed, 13 Nov 2024 02:00:00 GMT</lastBuildDate>');

    const items = [...text.matchAll(/<item>([\s\S]*?)<\/item>/g)].map((m) => m[1] ?? '');
    expect(items).toHaveLength(14);
    expect(text).not.toContain('Berita yang ditarik kembali');
    expect(text).not.toContain('Draf yang masih ditinjau');

    const main = items.find((item) => item.includes('<title>Berita DLH nomor 01</title>'));
    expect(main).toBeDefined();
    const url = `${baseUrl}/news/berita-dlh-1`;
    expect(main).toContain(`<link>${url}</link>`);
    expect(main).toContain(`<guid isPermaLink="true">${url}</guid>`);
    expect(main).toContain('<pubDate>Tue, 12 Nov 2024 01:15:00 GMT</pubDate>');
    expect(main).toContain('<description>Lead paragraph of Berita DLH nomor 01, held in Taliwang on Tuesday.</description>');
    expect(main).toContain('<category>Dinas Lingkungan Hidup</category>');
    const photo = seeded.main.photos[0]!;
    expect(main).toContain(`<enclosure url="${baseUrl}/media/${photo.sha256}.jpg" length="${photo.served.length}" type="image/jpeg"/>`);
    // Every pubDate is RFC 822.
    for (const item of items) expect(item).toMatch(/<pubDate>(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT<\/pubDate>/);
  });
});

describe('GET /feed.json', () => {
  it('is JSON Feed 1.1 with items, images and attachments', async () => {
    const { status, headers, text } = await get('/feed.json');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(text) as {
      version: string;
      title: string;
      home_page_url: string;
      feed_url: string;
      language: string;
      items: Array<Record<string, unknown>>;
    };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('Warta Sumbawa Barat');
    expect(feed.home_page_url).toBe(`${baseUrl}/`);
    expect(feed.feed_url).toBe(`${baseUrl}/feed.json`);
    expect(feed.language).toBe('id');
    expect(feed.items).toHaveLength(14);
    expect(feed.items[0]?.title).toBe(EVIL_TITLE);

    const main = feed.items.find((item) => item.title === 'Berita DLH nomor 01')!;
    const [photo1, photo2] = seeded.main.photos;
    expect(main).toMatchObject({
      id: `${baseUrl}/news/berita-dlh-1`,
      url: `${baseUrl}/news/berita-dlh-1`,
      image: `${baseUrl}/media/${photo1!.sha256}.jpg`,
      date_published: '2024-11-12T01:15:00.000Z',
      summary: 'Lead paragraph of Berita DLH nomor 01, held in Taliwang on Tuesday.',
      tags: ['lingkungan', 'penghijauan'],
      authors: [{ name: 'Dinas Lingkungan Hidup' }],
      attachments: [
        { url: `${baseUrl}/media/${photo1!.sha256}.jpg`, mime_type: 'image/jpeg', size_in_bytes: photo1!.served.length },
        { url: `${baseUrl}/media/${photo2!.sha256}.jpg`, mime_type: 'image/jpeg', size_in_bytes: photo2!.served.length },
      ],
    });
    expect(main.content_text).toContain('TALIWANG, (12/11/2024) – Lead paragraph of Berita DLH nomor 01');
    expect(main.content_text).toContain('Second body paragraph of Berita DLH nomor 01.');
    expect(Date.parse(String(main.date_published))).not.toBeNaN();
  });
});

describe('GET /media/:file', () => {
  it('serves the web derivative of a published photo, and the original when there is none', async () => {
    const [withWeb, withoutWeb] = seeded.main.photos;
    for (const photo of [withWeb!, withoutWeb!]) {
      const response = await fetch(`${baseUrl}/media/${photo.sha256}.jpg`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await response.arrayBuffer()).equals(photo.served)).toBe(true);
    }
    // Sanity: the derivative is not the original.
    const original = readFileSync(join(mediaDir, `originals/${withWeb!.sha256.slice(0, 2)}/${withWeb!.sha256}.jpg`));
    expect(original.equals(withWeb!.served)).toBe(false);
  });

  it('keeps photos of in-review and withdrawn items private', async () => {
    for (const photo of [...seeded.inReview.photos, ...seeded.withdrawn.photos]) {
      const { status } = await rawGet(`/media/${photo.sha256}.jpg`);
      expect(status).toBe(404);
    }
  });

  it('rejects anything that is not <sha256>.jpg, and paths outside MEDIA_DIR', async () => {
    const sha = seeded.main.photos[0]!.sha256;
    const attempts = [
      '/media/../package.json',
      '/media/..%2F..%2F..%2Fetc%2Fpasswd',
      '/media/%2e%2e%2fpackage.json',
      `/media/${sha}.png`,
      `/media/${sha.toUpperCase()}.jpg`,
      `/media/${sha}.jpg%00`,
      `/media/${sha}`,
      `/media/web%2F${sha.slice(0, 2)}%2F${sha}.jpg`,
      `/media/x${sha.slice(1)}.jpg`,
      '/media/',
    ];
    for (const path of attempts) {
      const { status, body } = await rawGet(path);
      expect(status, path).toBe(404);
      expect(body.toString('utf8')).not.toContain('root:');
    }
    // A published asset whose row points outside MEDIA_DIR.
    const page = await get(`/news/${seeded.escaping.slug}`);
    const src = /<img src="\/media\/([0-9a-f]{64})\.jpg"/.exec(page.text)?.[1];
    expect(src).toBeDefined();
    const { status, body } = await rawGet(`/media/${src}.jpg`);
    expect(status).toBe(404);
    expect(body.toString('utf8')).not.toContain('root:');
  });
});
