// The WordPress target against a real WordPress (Debian's package, PHP's
// built-in server, the local MariaDB), checked through WordPress's own REST
// API. When WordPress cannot be started this FAILS with what to install: CI
// installs the packages, so a skip would hide a broken setup.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWordPressTarget } from '../../src/adapters/publish/wordpress-target.js';
import { AppError } from '../../src/domain/errors.js';
import type { PublishableItem, PublishablePhoto } from '../../src/pipeline/ports/publishing.js';
import { startWordPress, type RealWordPress } from '../helpers/wordpress.js';

interface WpPost {
  id: number;
  status: string;
  link: string;
  slug: string;
  featured_media: number;
  categories: number[];
  tags: number[];
  title: { raw: string };
  content: { raw: string };
  excerpt: { raw: string };
  date_gmt: string;
}
interface WpMedia {
  id: number;
  slug: string;
  mime_type: string;
  alt_text: string;
  source_url: string;
  caption: { raw: string };
}
interface WpTerm {
  id: number;
  name: string;
  slug: string;
}

async function jpeg(path: string, color: { r: number; g: number; b: number }): Promise<PublishablePhoto> {
  const info = await sharp({ create: { width: 64, height: 48, channels: 3, background: color } }).jpeg().toFile(path);
  return { path, url: `https://warta.example.go.id/media/${info.size}.jpg`, mime: 'image/jpeg', width: 64, height: 48, sizeBytes: info.size, caption: null };
}

describe('WordPress publish target against a real WordPress', () => {
  let wp: RealWordPress;
  let dir: string;
  let item: PublishableItem;

  /** GET through the REST API as the admin, in the edit context so raw fields are there. */
  async function wpGet<T>(route: string, query: Record<string, string> = {}): Promise<T> {
    const url = new URL(`${wp.baseUrl}/`);
    url.searchParams.set('rest_route', route);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const response = await fetch(url, { headers: { Authorization: `Basic ${Buffer.from(`${wp.user}:${wp.appPassword}`).toString('base64')}` } });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${route} answered ${response.status}: ${text}\n${wp.serverLog().slice(-2000)}`);
    return JSON.parse(text) as T;
  }

  function target(options: { restBase?: string; appPassword?: string } = {}) {
    return createWordPressTarget({
      baseUrl: wp.baseUrl,
      user: wp.user,
      appPassword: options.appPassword ?? wp.appPassword,
      restBase: options.restBase,
    });
  }

  beforeAll(async () => {
    wp = await startWordPress();
    console.info(`WordPress ready in ${wp.setupMs} ms at ${wp.baseUrl}`);
    dir = await mkdtemp(join(tmpdir(), 'warta-wp-photos-'));
    const photos = [await jpeg(join(dir, 'a.jpg'), { r: 200, g: 30, b: 30 }), await jpeg(join(dir, 'b.jpg'), { r: 30, g: 30, b: 200 })];
    photos[0]!.caption = 'Bupati meninjau posyandu di Desa Kuang.';
    item = {
      bundleId: 12,
      slug: 'bupati-tinjau-posyandu-kuang',
      url: 'https://warta.example.go.id/news/bupati-tinjau-posyandu-kuang',
      agency: { id: 1, name: 'Dinas Kesehatan & KB', slug: 'dinas-kesehatan-kb' },
      contributorName: 'Rina',
      publishedAt: new Date(Date.now() - 60 * 60 * 1000),
      item: {
        title: 'Bupati Tinjau Posyandu <Kuang> & Bagikan PMT',
        datelinePlace: 'TALIWANG',
        eventDate: '2024-11-12',
        lead: 'Bupati meninjau posyandu di Desa Kuang, Selasa (12/11/2024) <script>alert(1)</script>.',
        body: ['Sebanyak 48 balita ditimbang.', '"Posyandu adalah garda terdepan," kata Bupati.'],
        quotes: [],
        photoCaptions: [{ photoIndex: 2, caption: 'Kader membagikan makanan tambahan.' }],
        tags: ['Kesehatan', 'Posyandu', 'Stunting'],
        agency: 'Dinas Kesehatan & KB',
        questions: [],
      },
      photos,
    };
  });

  afterAll(async () => {
    await wp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let postId = '';

  it('publishes a post with photos, featured image, the agency category and tags', async () => {
    const result = await target().publish(item, { externalId: null });
    postId = result.externalId;
    expect(result.url).toBe(`${wp.baseUrl}/bupati-tinjau-posyandu-kuang/`);

    const post = await wpGet<WpPost>(`/wp/v2/posts/${postId}`, { context: 'edit' });
    expect(post.status).toBe('publish');
    expect(post.slug).toBe('bupati-tinjau-posyandu-kuang');
    expect(post.title.raw).toBe('Bupati Tinjau Posyandu &lt;Kuang&gt; &amp; Bagikan PMT');
    expect(post.content.raw).toContain('<strong>TALIWANG, (12/11/2024) –</strong>');
    expect(post.content.raw).toContain('&lt;script&gt;');
    expect(post.content.raw).not.toContain('<script>');
    expect(post.date_gmt).toBe(item.publishedAt.toISOString().slice(0, 19));

    // Both photos are in the media library, the first one featured.
    const media = await wpGet<WpMedia[]>('/wp/v2/media', { slug: `${item.slug}-1,${item.slug}-2`, context: 'edit' });
    expect(media.map((m) => m.slug).sort()).toEqual([`${item.slug}-1`, `${item.slug}-2`]);
    const first = media.find((m) => m.slug === `${item.slug}-1`)!;
    const second = media.find((m) => m.slug === `${item.slug}-2`)!;
    expect(post.featured_media).toBe(first.id);
    expect(first.mime_type).toBe('image/jpeg');
    expect(first.alt_text).toBe('Bupati meninjau posyandu di Desa Kuang.');
    expect(first.caption.raw).toBe('Bupati meninjau posyandu di Desa Kuang.');
    expect(second.alt_text).toBe('Kader membagikan makanan tambahan.');
    expect(post.content.raw).toContain(`wp-image-${second.id}`);
    // The uploaded file is served.
    const image = await fetch(first.source_url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toContain('image/jpeg');

    const categories = await wpGet<WpTerm[]>('/wp/v2/categories', { include: post.categories.join(',') });
    expect(categories.map((c) => c.slug)).toEqual(['dinas-kesehatan-kb']);
    expect(categories[0]!.name).toBe('Dinas Kesehatan &amp; KB'); // WordPress stores term names escaped
    const tags = await wpGet<WpTerm[]>('/wp/v2/tags', { include: post.tags.join(','), per_page: '100' });
    expect(tags.map((t) => t.name).sort()).toEqual(['Kesehatan', 'Posyandu', 'Stunting']);
  });

  it('publishing again without the recorded id adopts the post and its photos', async () => {
    expect(postId).not.toBe('');
    const again = await target().publish(item, { externalId: null });
    expect(again.externalId).toBe(postId);

    const posts = await wpGet<WpPost[]>('/wp/v2/posts', { slug: item.slug, status: 'any', context: 'edit' });
    expect(posts.map((p) => p.id)).toEqual([Number(postId)]);
    const media = await wpGet<WpMedia[]>('/wp/v2/media', { per_page: '100' });
    expect(media).toHaveLength(2);
    const tags = await wpGet<WpTerm[]>('/wp/v2/tags', { per_page: '100' });
    expect(tags).toHaveLength(3);
    const categories = await wpGet<WpTerm[]>('/wp/v2/categories', { slug: 'dinas-kesehatan-kb' });
    expect(categories).toHaveLength(1);
  });

  it('withdraw puts the post in draft; publishing with the id brings it back', async () => {
    await target().withdraw(item, postId);
    expect((await wpGet<WpPost>(`/wp/v2/posts/${postId}`, { context: 'edit' })).status).toBe('draft');

    const back = await target().publish(item, { externalId: postId });
    expect(back.externalId).toBe(postId);
    expect((await wpGet<WpPost>(`/wp/v2/posts/${postId}`, { context: 'edit' })).status).toBe('publish');

    // A post deleted for good is no error to withdraw.
    await expect(target().withdraw(item, '987654')).resolves.toBeUndefined();
  });

  it('works through pretty REST URLs (/wp-json/) as well', async () => {
    const result = await target({ restBase: `${wp.baseUrl}/wp-json/` }).publish(item, { externalId: null });
    expect(result.externalId).toBe(postId);
  });

  it('a wrong application password is VALIDATION and is not echoed', async () => {
    const error = await target({ appPassword: 'AAAA BBBB CCCC DDDD EEEE FFFF' })
      .publish(item, { externalId: null })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    // WordPress 6.1 treats a wrong application password as no credentials: the
    // first request that needs them (the slug lookup among drafts) is refused.
    expect([400, 401]).toContain((error as AppError).details.status);
    expect((error as AppError).message).toContain('WORDPRESS_APP_PASSWORD');
    expect((error as AppError).message).not.toContain('AAAA BBBB');
  });
});
