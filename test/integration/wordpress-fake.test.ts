// The WordPress target against a fake WordPress REST API on loopback that
// records the shape of every request and answers like WordPress does
// (errors as `{code, message, data: {status}}`, `term_exists` with the id).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWordPressTarget } from '../../src/adapters/publish/wordpress-target.js';
import type { PublishableItem } from '../../src/pipeline/ports/publishing.js';
import { rejection } from '../helpers/assertions.js';

const USER = 'redaksi';
const APP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';

interface RecordedRequest {
  method: string;
  /** The REST route, however it was addressed (`/wp-json/…` or `?rest_route=…`). */
  route: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json: Record<string, unknown> | null;
}

interface FakePost {
  id: number;
  slug: string;
  status: string;
  link: string;
  fields: Record<string, unknown>;
}
interface FakeMedia {
  id: number;
  slug: string;
  source_url: string;
  filename: string;
  mime: string;
  bytes: Buffer;
  alt_text: string;
  caption: string;
}
interface FakeTerm {
  id: number;
  name: string;
  slug: string;
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Enough of the WordPress REST API for the target, with its error shapes. */
async function startFakeWordPress() {
  const state = {
    requests: [] as RecordedRequest[],
    posts: [] as FakePost[],
    media: [] as FakeMedia[],
    categories: [] as FakeTerm[],
    tags: [] as FakeTerm[],
    /** Tag names that `?search=` does not find (as when WordPress's search misses), to force `term_exists`. */
    searchMisses: new Set<string>(),
    /** Answer the next requests with these statuses (then behave again), optionally only for one route prefix. */
    failures: [] as Array<{ status: number; code: string; route?: string }>,
    nextId: 100,
  };
  const expectedAuth = `Basic ${Buffer.from(`${USER}:${APP_PASSWORD}`).toString('base64')}`;
  let origin = '';

  function send(res: import('node:http').ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  }
  function wpError(res: import('node:http').ServerResponse, status: number, code: string, extra: Record<string, unknown> = {}): void {
    send(res, status, { code, message: `fake ${code}`, data: { status, ...extra } });
  }
  const postJson = (post: FakePost) => ({ id: post.id, slug: post.slug, status: post.status, link: post.link, ...post.fields });
  const mediaJson = (m: FakeMedia) => ({ id: m.id, slug: m.slug, source_url: m.source_url, mime_type: m.mime, alt_text: m.alt_text });

  function handle(req: RecordedRequest, res: import('node:http').ServerResponse): void {
    const failureIndex = state.failures.findIndex((f) => !f.route || req.route.startsWith(f.route));
    if (failureIndex >= 0) {
      const [failure] = state.failures.splice(failureIndex, 1);
      return wpError(res, failure!.status, failure!.code);
    }
    if (req.headers.authorization !== expectedAuth) return wpError(res, 401, 'incorrect_password');

    const { method, route, query, json } = req;
    const body = json ?? {};
    let match: RegExpExecArray | null;

    if (method === 'GET' && route === '/wp/v2/posts') {
      if (query.status === 'any' && query.context !== 'edit') return wpError(res, 400, 'rest_invalid_param');
      const found = state.posts.filter((p) => p.slug === query.slug && p.status !== 'trash');
      return send(res, 200, found.map(postJson));
    }
    if (method === 'POST' && route === '/wp/v2/posts') {
      const slug = String(body.slug);
      const post: FakePost = { id: state.nextId++, slug, status: String(body.status ?? 'draft'), link: `${origin}/${slug}/`, fields: body };
      state.posts.push(post);
      return send(res, 201, postJson(post));
    }
    if (method === 'POST' && (match = /^\/wp\/v2\/posts\/(\d+)$/.exec(route))) {
      const post = state.posts.find((p) => p.id === Number(match![1]));
      if (!post) return wpError(res, 404, 'rest_post_invalid_id');
      post.fields = { ...post.fields, ...body };
      if (typeof body.status === 'string') post.status = body.status;
      return send(res, 200, postJson(post));
    }
    if (method === 'GET' && route === '/wp/v2/media') {
      const slugs = (query.slug ?? '').split(',');
      return send(res, 200, state.media.filter((m) => slugs.includes(m.slug)).map(mediaJson));
    }
    if (method === 'POST' && route === '/wp/v2/media') {
      const filename = /filename="([^"]+)"/.exec(req.headers['content-disposition'] ?? '')?.[1];
      if (!filename || req.body.length === 0) return wpError(res, 400, 'rest_upload_no_data');
      const slug = query.slug ?? slugify(filename.replace(/\.[a-z]+$/, ''));
      const media: FakeMedia = {
        id: state.nextId++,
        slug,
        filename,
        mime: req.headers['content-type'] ?? '',
        bytes: req.body,
        source_url: `${origin}/wp-content/uploads/2024/11/${filename}`,
        alt_text: query.alt_text ?? '',
        caption: query.caption ?? '',
      };
      state.media.push(media);
      return send(res, 201, mediaJson(media));
    }
    for (const [taxonomy, terms] of [
      ['categories', state.categories],
      ['tags', state.tags],
    ] as const) {
      if (route !== `/wp/v2/${taxonomy}`) continue;
      if (method === 'GET') {
        const found = query.slug
          ? terms.filter((t) => t.slug === query.slug)
          : terms.filter((t) => t.name.toLowerCase().includes((query.search ?? '').toLowerCase()) && !state.searchMisses.has(t.name));
        return send(res, 200, found);
      }
      const name = String(body.name);
      const existing = terms.find((t) => t.name.toLowerCase() === name.toLowerCase());
      if (existing) return wpError(res, 400, 'term_exists', { term_id: existing.id });
      const term = { id: state.nextId++, name: name.replace(/&/g, '&amp;'), slug: String(body.slug ?? slugify(name)) };
      terms.push(term);
      return send(res, 201, term);
    }
    return wpError(res, 404, 'rest_no_route');
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(url.searchParams);
      // WordPress serves the same routes under /wp-json and as ?rest_route=.
      const route = query.rest_route ?? url.pathname.replace(/^\/wp-json/, '');
      delete query.rest_route;
      const body = Buffer.concat(chunks);
      const isJson = (req.headers['content-type'] ?? '').startsWith('application/json');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        route,
        query,
        headers: req.headers,
        body,
        json: isJson ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : null,
      };
      state.requests.push(recorded);
      handle(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    state,
    requests: (method: string, route: string | RegExp) =>
      state.requests.filter((r) => r.method === method && (typeof route === 'string' ? r.route === route : route.test(r.route))),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

type FakeWordPress = Awaited<ReturnType<typeof startFakeWordPress>>;


describe('WordPress publish target against a fake WordPress', () => {
  let wp: FakeWordPress;
  let dir: string;
  let item: PublishableItem;
  const photoA = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 1)]);
  const photoB = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2500, 2)]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warta-wp-fake-'));
    await writeFile(join(dir, 'a.jpg'), photoA);
    await writeFile(join(dir, 'b.jpg'), photoB);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    wp = await startFakeWordPress();
    item = {
      bundleId: 7,
      slug: 'vaksinasi-di-puskesmas-taliwang',
      url: 'https://warta.example.go.id/news/vaksinasi-di-puskesmas-taliwang',
      agency: { id: 2, name: 'Puskesmas Taliwang', slug: 'puskesmas-taliwang' },
      contributorName: 'Budi',
      publishedAt: new Date('2024-11-12T04:05:06.789Z'),
      item: {
        title: 'Vaksinasi <Anak> & Lansia di Puskesmas Taliwang',
        datelinePlace: 'Taliwang',
        eventDate: '2024-11-12',
        lead: 'Puskesmas Taliwang memberi vaksin kepada 60 warga <script>alert(1)</script>.',
        body: ['Kegiatan berlangsung sejak pagi.', '', '"Antusias warga tinggi," kata Kepala Puskesmas.'],
        quotes: [],
        photoCaptions: [
          { photoIndex: 1, caption: 'Caption from the draft, not used when the photo has one.' },
          { photoIndex: 2, caption: 'Warga antre "vaksin" di halaman puskesmas.' },
        ],
        tags: ['Kesehatan', 'Vaksinasi', 'Lansia', 'kesehatan'],
        agency: 'Puskesmas Taliwang',
        questions: [],
      },
      photos: [
        { path: join(dir, 'a.jpg'), url: 'https://warta.example.go.id/media/a.jpg', mime: 'image/jpeg', width: 800, height: 600, sizeBytes: photoA.length, caption: 'Petugas menyuntik vaksin.' },
        { path: join(dir, 'b.jpg'), url: 'https://warta.example.go.id/media/b.jpg', mime: 'image/jpeg', width: null, height: null, sizeBytes: photoB.length, caption: null },
      ],
    };
    // "Kesehatan" exists and is found by search; "Lansia" exists but search misses it.
    wp.state.tags.push({ id: 11, name: 'Kesehatan', slug: 'kesehatan' }, { id: 12, name: 'Lansia', slug: 'lansia' });
    wp.state.searchMisses.add('Lansia');
  });
  afterEach(async () => {
    await wp.close();
  });

  function target(options: { restBase?: string; appPassword?: string } = {}) {
    return createWordPressTarget({ baseUrl: `${wp.origin}/`, user: USER, appPassword: options.appPassword ?? APP_PASSWORD, restBase: options.restBase });
  }

  it('uploads the photos, ensures the category and tags, and creates a published post', async () => {
    const wordpress = target();
    expect(wordpress.name).toBe('wordpress');
    const result = await wordpress.publish(item, { externalId: null });

    // Every request authenticates with the application password.
    const basic = `Basic ${Buffer.from(`${USER}:${APP_PASSWORD}`).toString('base64')}`;
    expect(wp.state.requests.every((r) => r.headers.authorization === basic)).toBe(true);

    // Photos: raw bytes, deterministic file names and slugs, the mime type, alt text and caption.
    const uploads = wp.requests('POST', '/wp/v2/media');
    expect(uploads).toHaveLength(2);
    expect(uploads.map((u) => u.headers['content-disposition'])).toEqual([
      'attachment; filename="vaksinasi-di-puskesmas-taliwang-1.jpg"',
      'attachment; filename="vaksinasi-di-puskesmas-taliwang-2.jpg"',
    ]);
    expect(uploads.map((u) => u.headers['content-type'])).toEqual(['image/jpeg', 'image/jpeg']);
    expect(uploads[0]!.body.equals(photoA)).toBe(true);
    expect(uploads[1]!.body.equals(photoB)).toBe(true);
    expect(uploads[0]!.query).toMatchObject({ slug: 'vaksinasi-di-puskesmas-taliwang-1', alt_text: 'Petugas menyuntik vaksin.', caption: 'Petugas menyuntik vaksin.' });
    // The second photo has no caption of its own: the draft's caption for photo 2 is used.
    expect(uploads[1]!.query).toMatchObject({ alt_text: 'Warga antre "vaksin" di halaman puskesmas.' });

    // The agency's category was looked up by slug, then created.
    expect(wp.requests('GET', '/wp/v2/categories').map((r) => r.query.slug)).toEqual(['puskesmas-taliwang']);
    expect(wp.requests('POST', '/wp/v2/categories').map((r) => r.json)).toEqual([{ name: 'Puskesmas Taliwang', slug: 'puskesmas-taliwang' }]);
    const categoryId = wp.state.categories[0]!.id;

    // Tags: found, created, and the term_exists answer taken as the existing id; duplicates once.
    expect(wp.requests('GET', '/wp/v2/tags').map((r) => r.query.search)).toEqual(['Kesehatan', 'Vaksinasi', 'Lansia']);
    expect(wp.requests('POST', '/wp/v2/tags').map((r) => r.json)).toEqual([{ name: 'Vaksinasi' }, { name: 'Lansia' }]);
    const vaksinasiId = wp.state.tags.find((t) => t.name === 'Vaksinasi')!.id;

    // The post itself.
    const creates = wp.requests('POST', '/wp/v2/posts');
    expect(creates).toHaveLength(1);
    const fields = creates[0]!.json!;
    const [mediaA, mediaB] = wp.state.media;
    expect(fields).toMatchObject({
      title: 'Vaksinasi &lt;Anak&gt; &amp; Lansia di Puskesmas Taliwang',
      slug: 'vaksinasi-di-puskesmas-taliwang',
      status: 'publish',
      featured_media: mediaA!.id,
      categories: [categoryId],
      tags: [11, vaksinasiId, 12],
      date_gmt: '2024-11-12T04:05:06',
      excerpt: 'Puskesmas Taliwang memberi vaksin kepada 60 warga &lt;script&gt;alert(1)&lt;/script&gt;.',
    });
    const content = String(fields.content);
    expect(content).toContain('<p><strong>TALIWANG, (12/11/2024) –</strong> Puskesmas Taliwang memberi vaksin');
    expect(content).not.toContain('<script>');
    expect(content).toContain('<p>&quot;Antusias warga tinggi,&quot; kata Kepala Puskesmas.</p>');
    expect(content).not.toContain('<p></p>');
    expect(content).toContain(`<img src="${mediaA!.source_url}" alt="Petugas menyuntik vaksin." class="wp-image-${mediaA!.id}" width="800" height="600" />`);
    expect(content).toContain('<figcaption>Petugas menyuntik vaksin.</figcaption>');
    expect(content).toContain(`class="wp-image-${mediaB!.id}"`);
    expect(content).toContain('<figcaption>Warga antre &quot;vaksin&quot; di halaman puskesmas.</figcaption>');

    const post = wp.state.posts[0]!;
    expect(result).toEqual({ externalId: String(post.id), url: `${wp.origin}/vaksinasi-di-puskesmas-taliwang/` });
    // Before creating, it looked for a post with the slug among all statuses.
    expect(wp.requests('GET', '/wp/v2/posts')[0]!.query).toMatchObject({ slug: item.slug, status: 'any', context: 'edit' });
  });

  it('a second publish adopts the post and the photos left by the first, without posting again', async () => {
    const first = await target().publish(item, { externalId: null });
    wp.state.requests.length = 0;

    // As after a worker died before recording the id: no previous external id.
    const second = await target().publish(item, { externalId: null });
    expect(second).toEqual(first);
    expect(wp.requests('POST', '/wp/v2/posts')).toHaveLength(0);
    expect(wp.requests('POST', '/wp/v2/media')).toHaveLength(0);
    expect(wp.requests('POST', '/wp/v2/categories')).toHaveLength(0);
    expect(wp.requests('POST', `/wp/v2/posts/${first.externalId}`)).toHaveLength(1);
    expect(wp.state.posts).toHaveLength(1);
    expect(wp.state.media).toHaveLength(2);
  });

  it('with previous.externalId it updates that post directly', async () => {
    const first = await target().publish(item, { externalId: null });
    wp.state.requests.length = 0;
    item.item.title = 'Judul yang diperbaiki';

    const again = await target().publish(item, { externalId: first.externalId });
    expect(again).toEqual(first);
    expect(wp.requests('GET', '/wp/v2/posts')).toHaveLength(0);
    expect(wp.requests('POST', '/wp/v2/posts')).toHaveLength(0);
    const updates = wp.requests('POST', `/wp/v2/posts/${first.externalId}`);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.json).toMatchObject({ title: 'Judul yang diperbaiki', status: 'publish' });
  });

  it('when the recorded post was deleted in WordPress, it posts anew', async () => {
    const result = await target().publish(item, { externalId: '999' });
    expect(wp.requests('POST', '/wp/v2/posts/999')).toHaveLength(1);
    expect(wp.requests('POST', '/wp/v2/posts')).toHaveLength(1);
    expect(result.externalId).toBe(String(wp.state.posts[0]!.id));
  });

  it('a failure after the uploads is retried without uploading again', async () => {
    wp.state.failures.push({ status: 503, code: 'maintenance', route: '/wp/v2/posts' });
    const error = await rejection(target().publish(item, { externalId: null }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(wp.state.media).toHaveLength(2);

    await target().publish(item, { externalId: null });
    expect(wp.state.media).toHaveLength(2);
    expect(wp.requests('POST', '/wp/v2/media')).toHaveLength(2);
    expect(wp.state.posts).toHaveLength(1);
  });

  it('an item without photos posts without featured media', async () => {
    item.photos = [];
    await target().publish(item, { externalId: null });
    expect(wp.requests('GET', '/wp/v2/media')).toHaveLength(0);
    expect(wp.requests('POST', '/wp/v2/posts')[0]!.json).toMatchObject({ featured_media: 0 });
  });

  it("contentPhotos 'after-featured' leaves the featured photo out of the article", async () => {
    await createWordPressTarget({ baseUrl: wp.origin, user: USER, appPassword: APP_PASSWORD, contentPhotos: 'after-featured' }).publish(item, {
      externalId: null,
    });
    const fields = wp.requests('POST', '/wp/v2/posts')[0]!.json!;
    const [mediaA, mediaB] = wp.state.media;
    expect(fields.featured_media).toBe(mediaA!.id);
    expect(String(fields.content)).not.toContain(`wp-image-${mediaA!.id}`);
    expect(String(fields.content)).toContain(`wp-image-${mediaB!.id}`);
  });

  it('works with pretty REST URLs (/wp-json/) too', async () => {
    const result = await target({ restBase: `${wp.origin}/wp-json/` }).publish(item, { externalId: null });
    expect(result.externalId).toBe(String(wp.state.posts[0]!.id));
    expect(wp.state.requests.every((r) => r.query.rest_route === undefined)).toBe(true);
  });

  it('withdraw puts the post back to draft; a post that is gone is fine', async () => {
    const { externalId } = await target().publish(item, { externalId: null });
    await target().withdraw(item, externalId);
    expect(wp.requests('POST', `/wp/v2/posts/${externalId}`).at(-1)!.json).toEqual({ status: 'draft' });
    expect(wp.state.posts[0]!.status).toBe('draft');

    await expect(target().withdraw(item, '424242')).resolves.toBeUndefined();
    // …but a REST address that leads nowhere is not mistaken for a deleted post.
    const nowhere = await rejection(target({ restBase: `${wp.origin}/not-wp-json/` }).withdraw(item, externalId));
    expect(nowhere.code).toBe('VALIDATION');

    // Published again later: the draft is found by its slug and published again.
    await target().publish(item, { externalId: null });
    expect(wp.state.posts).toHaveLength(1);
    expect(wp.state.posts[0]!.status).toBe('publish');
  });

  it('wrong credentials are VALIDATION and never echo the password; 503 and 429 are UNAVAILABLE', async () => {
    const denied = await rejection(target({ appPassword: 'wrong password here' }).publish(item, { externalId: null }));
    expect(denied.code).toBe('VALIDATION');
    expect(denied.details).toMatchObject({ status: 401, wpCode: 'incorrect_password' });
    expect(denied.message).toContain('WORDPRESS_APP_PASSWORD');
    expect(JSON.stringify({ message: denied.message, details: denied.details })).not.toContain('wrong password here');

    wp.state.failures.push({ status: 403, code: 'rest_cannot_create' });
    expect((await rejection(target().publish(item, { externalId: null }))).code).toBe('VALIDATION');

    wp.state.failures.push({ status: 503, code: 'maintenance' });
    expect((await rejection(target().publish(item, { externalId: null }))).code).toBe('UNAVAILABLE');
    wp.state.failures.push({ status: 429, code: 'too_many_requests' });
    expect((await rejection(target().withdraw(item, '1'))).code).toBe('UNAVAILABLE');
    wp.state.failures.push({ status: 500, code: 'internal_server_error' });
    expect((await rejection(target().withdraw(item, '1'))).code).toBe('UNAVAILABLE');
  });

  it('an unreachable site is UNAVAILABLE; a page that is not the REST API is VALIDATION', async () => {
    await wp.close();
    const unreachable = await rejection(target().publish(item, { externalId: null }));
    expect(unreachable.code).toBe('UNAVAILABLE');
    expect(unreachable.message).not.toContain(APP_PASSWORD);

    // A site that answers every URL with its home page.
    const html = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Beranda</title>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    try {
      const port = (html.address() as AddressInfo).port;
      const wrong = createWordPressTarget({ baseUrl: `http://127.0.0.1:${port}`, user: USER, appPassword: APP_PASSWORD });
      expect((await rejection(wrong.publish(item, { externalId: null }))).code).toBe('VALIDATION');
    } finally {
      await new Promise((resolve) => html.close(resolve));
    }
    wp = await startFakeWordPress(); // for afterEach
  });

  it('a missing photo file is not retried forever', async () => {
    item.photos[0]!.path = join(dir, 'gone.jpg');
    const error = await rejection(target().publish(item, { externalId: null }));
    expect(error.code).toBe('NOT_FOUND');
  });
});
