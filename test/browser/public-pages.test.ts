// The public pages in a real browser on a phone-sized screen: Debian's Chromium
// driven by playwright-core (no browser download). Checks that the article and
// its photo render, saves screenshots to test-artifacts/ for a human to look at,
// and parses /feed.xml with the browser's own XML parser.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNewsReader } from '../../src/adapters/prisma/news-reader.js';
import type { NewsItem } from '../../src/domain/news-item.js';
import { createHttpApp } from '../../src/http/app.js';
import { publicSiteRouter } from '../../src/http/public-site.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifactsDir = join(import.meta.dirname, '../../test-artifacts');

const ARTICLE_TITLE = 'DLH Sumbawa Barat Tanam 1.250 Bibit Pohon di Bantaran Sungai Kuang';
const EVIL_TITLE = 'Rapat <script>alert(1)</script> & "quotes"';

let testDb: TestDatabase;
let server: Server;
let baseUrl: string;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

/** A landscape JPEG that looks a little like a photo: sky, hills, a sun. */
async function photo(hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,75%)"/><stop offset="1" stop-color="hsl(${hue},50%,92%)"/></linearGradient></defs>
<rect width="1200" height="800" fill="url(#sky)"/><circle cx="900" cy="200" r="90" fill="#ffd35a"/>
<path d="M0 560 Q300 380 600 540 T1200 500 V800 H0Z" fill="hsl(${(hue + 120) % 360},45%,38%)"/>
<path d="M0 660 Q400 560 800 650 T1200 640 V800 H0Z" fill="hsl(${(hue + 120) % 360},50%,28%)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

async function seed(db: TestDatabase['db'], mediaDir: string): Promise<void> {
  const agency = await db.agency.create({ data: { name: 'Dinas Lingkungan Hidup', slug: 'dinas-lingkungan-hidup', inviteCode: 'DLHB001' } });
  const contributor = await db.contributor.create({ data: { agencyId: agency.id, name: 'Siti Aminah' } });
  const articles: Array<{ slug: string; item: NewsItem; publishedAt: Date; hues: number[] }> = [
    {
      slug: 'dlh-tanam-bibit',
      publishedAt: new Date('2024-11-12T01:15:00Z'),
      hues: [200, 30],
      item: {
        title: ARTICLE_TITLE,
        datelinePlace: 'TALIWANG',
        eventDate: '2024-11-12',
        lead: 'Dinas Lingkungan Hidup (DLH) Kabupaten Sumbawa Barat menanam 1.250 bibit pohon di bantaran Sungai Kuang, Desa Kuang, Kecamatan Taliwang, Selasa (12/11/2024).',
        body: [
          'Penanaman yang dimulai pukul 08.00 WITA itu dipimpin langsung Kepala DLH Kabupaten Sumbawa Barat, Julmansyah, S.Hut., M.A.P. Bibit yang ditanam terdiri atas mahoni, trembesi dan ketapang.',
          'Kegiatan tersebut diikuti Kepala Desa Kuang, Syamsul Bahri, siswa SMPN 2 Taliwang serta sekitar 300 warga.',
          '“Kami harap masyarakat ikut merawat pohon-pohon ini, jangan sampai mati setelah ditanam,” ujar Julmansyah.',
        ],
        quotes: [],
        photoCaptions: [{ photoIndex: 1, caption: 'Kepala DLH Sumbawa Barat menanam bibit mahoni di bantaran Sungai Kuang.' }],
        tags: ['lingkungan', 'penghijauan', 'Sungai Kuang'],
        agency: 'Dinas Lingkungan Hidup',
        questions: [],
      },
    },
    {
      slug: 'rapat-script',
      publishedAt: new Date('2024-11-13T02:00:00Z'),
      hues: [320],
      item: {
        title: EVIL_TITLE,
        datelinePlace: 'TALIWANG',
        eventDate: null,
        lead: 'Judul dan isi berita ini memuat markup yang harus tampil sebagai teks <b>biasa</b>.',
        body: ['<img src=x onerror=alert(2)>'],
        quotes: [],
        photoCaptions: [],
        tags: [],
        agency: 'Dinas Lingkungan Hidup',
        questions: [],
      },
    },
  ];
  let messageNo = 0;
  for (const article of articles) {
    const bundle = await db.bundle.create({
      data: { agencyId: agency.id, contributorId: contributor.id, channel: 'telegram', chatId: '1', status: 'published', slug: article.slug, publishedAt: article.publishedAt },
    });
    for (const hue of article.hues) {
      const bytes = await photo(hue);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const storagePath = `originals/${sha256.slice(0, 2)}/${sha256}.jpg`;
      mkdirSync(dirname(join(mediaDir, storagePath)), { recursive: true });
      writeFileSync(join(mediaDir, storagePath), bytes);
      const asset = await db.mediaAsset.create({ data: { sha256, mime: 'image/jpeg', sizeBytes: bytes.length, width: 1200, height: 800, storagePath } });
      messageNo += 1;
      await db.inboundMessage.create({
        data: { channel: 'telegram', externalId: `1:${messageNo}`, bundleId: bundle.id, kind: 'photo', mediaAssetId: asset.id, raw: {}, caption: 'Warga ikut menanam.' },
      });
    }
    const draft = await db.draft.create({ data: { bundleId: bundle.id, version: 1, kind: 'llm', content: article.item } });
    await db.bundle.update({ where: { id: bundle.id }, data: { publishedDraftId: draft.id } });
  }
}

beforeAll(async () => {
  // CI installs Debian's chromium; a missing browser is a broken setup, not a reason to skip.
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}. Install Debian's browser with \`apt-get install chromium\` (or set CHROMIUM_PATH).`);
  }
  testDb = await createTestDatabase();
  const mediaDir = join(mkdtempSync(join(tmpdir(), 'warta-browser-')), 'media');
  await seed(testDb.db, mediaDir);

  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const news = createNewsReader(testDb.db, { mediaDir, publicUrl: baseUrl });
  const app = createHttpApp({
    log: createLogger({ level: 'silent' }),
    readiness: [],
    routers: [publicSiteRouter({ news, timeZone: 'Asia/Makassar', publicUrl: baseUrl, siteName: 'Warta Sumbawa Barat' })],
  });
  server.on('request', app);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'id-ID' });
  page = await context.newPage();
  // Escaped markup must never run: any alert() would show up here.
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  mkdirSync(artifactsDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await testDb?.drop();
});

/** Scrolls through the page so lazy images load, then waits until every image has decoded. */
async function loadAllImages(): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
    await Promise.all([...document.images].map((img) => (img.complete ? null : new Promise((resolve) => img.addEventListener('load', resolve, { once: true })))));
  });
}

const imageWidths = () => page.$$eval('img', (images) => images.map((img) => (img as HTMLImageElement).naturalWidth));

describe('public pages in Chromium on a phone', () => {
  it('home lists the news with a loaded thumbnail', async () => {
    const response = await page.goto(`${baseUrl}/`);
    expect(response?.status()).toBe(200);
    await loadAllImages();
    expect(await page.locator('h2 a').allTextContents()).toEqual([EVIL_TITLE, ARTICLE_TITLE]);
    expect(await page.locator('body').innerText()).toContain('Selasa, 12 November 2024 09.15 WITA');
    const widths = await imageWidths();
    expect(widths.length).toBeGreaterThan(0);
    for (const width of widths) expect(width).toBeGreaterThan(0);
    // The column fits the phone: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifactsDir, 'public-home.png'), fullPage: true });
  });

  it('article shows title, photos with captions and the text', async () => {
    const response = await page.goto(`${baseUrl}/news/dlh-tanam-bibit`);
    expect(response?.status()).toBe(200);
    await loadAllImages();
    expect(await page.locator('h1').textContent()).toBe(ARTICLE_TITLE);
    const text = await page.locator('article').innerText();
    expect(text).toContain('TALIWANG, (12/11/2024) – Dinas Lingkungan Hidup (DLH) Kabupaten Sumbawa Barat menanam 1.250 bibit pohon');
    expect(text).toContain('sekitar 300 warga');
    expect(await page.locator('figcaption').allTextContents()).toEqual([
      'Kepala DLH Sumbawa Barat menanam bibit mahoni di bantaran Sungai Kuang.',
      'Warga ikut menanam.',
    ]);
    const widths = await imageWidths();
    expect(widths).toHaveLength(2);
    for (const width of widths) expect(width).toBeGreaterThan(0);
    // The photo spans the column, at the photo's aspect ratio.
    const box = await page.locator('figure img').first().boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(Math.abs((box?.height ?? 0) - (box?.width ?? 0) * (800 / 1200))).toBeLessThan(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifactsDir, 'public-article.png'), fullPage: true });
  });

  it('shows markup from a draft as text and never runs it', async () => {
    await page.goto(`${baseUrl}/news/rapat-script`);
    expect(await page.locator('h1').textContent()).toBe(EVIL_TITLE);
    expect(await page.locator('article').innerText()).toContain('<img src=x onerror=alert(2)>');
    expect(await page.locator('article script, article b, article p img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('parses /feed.xml as well-formed RSS 2.0 with the browser XML parser', async () => {
    const xml = await (await fetch(`${baseUrl}/feed.xml`)).text();
    const parsed = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'application/xml');
      const error = doc.getElementsByTagName('parsererror')[0];
      const items = [...doc.getElementsByTagName('item')];
      return {
        error: error ? error.textContent : null,
        root: doc.documentElement.nodeName,
        version: doc.documentElement.getAttribute('version'),
        language: doc.getElementsByTagName('language')[0]?.textContent ?? null,
        items: items.map((item) => ({
          title: item.getElementsByTagName('title')[0]?.textContent ?? null,
          link: item.getElementsByTagName('link')[0]?.textContent ?? null,
          pubDate: item.getElementsByTagName('pubDate')[0]?.textContent ?? null,
          enclosure: item.getElementsByTagName('enclosure')[0]?.getAttribute('url') ?? null,
        })),
      };
    }, xml);
    expect(parsed.error).toBeNull();
    expect(parsed).toMatchObject({ root: 'rss', version: '2.0', language: 'id' });
    // The escaped title comes back exactly as the draft had it.
    expect(parsed.items.map((item) => item.title)).toEqual([EVIL_TITLE, ARTICLE_TITLE]);
    expect(parsed.items[1]).toMatchObject({ link: `${baseUrl}/news/dlh-tanam-bibit`, pubDate: 'Tue, 12 Nov 2024 01:15:00 GMT' });
    expect(parsed.items[1]?.enclosure).toMatch(new RegExp(`^${baseUrl}/media/[0-9a-f]{64}\\.jpg$`));
  });
});
