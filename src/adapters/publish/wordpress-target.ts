import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { escapeHtml } from '../../domain/html.js';
import { formatDateline } from '../../domain/news-item.js';
import type { PublishableItem, PublishablePhoto, PublishResult, PublishTarget } from '../../pipeline/ports/publishing.js';

export interface WordPressTargetOptions {
  /** The site's address, e.g. `https://diskominfo.example.go.id` (WORDPRESS_URL). */
  baseUrl: string;
  /** The WordPress user name the application password belongs to. */
  user: string;
  /** An application password (Users → Profile → Application Passwords), not the login password. */
  appPassword: string;
  /**
   * The REST API root as WordPress advertises it (`Link: <…>; rel="https://api.w.org/"`).
   * Default `<baseUrl>/?rest_route=/`, which works whatever the permalink
   * settings; `<baseUrl>/wp-json/` works only with pretty permalinks.
   */
  restBase?: string;
  /** Per request. Default 30 s (photo uploads go through the same requests). */
  timeoutMs?: number;
  /**
   * 'all' (default) puts every photo in the article as a figure; 'after-featured'
   * leaves out the first one, for themes that already show the featured image
   * above the article.
   */
  contentPhotos?: 'all' | 'after-featured';
  fetch?: typeof fetch;
}

// Only the fields we read; WordPress answers with much more.
const postSchema = z.object({ id: z.number(), link: z.string(), status: z.string() });
const mediaSchema = z.object({ id: z.number(), slug: z.string(), source_url: z.string() });
const termSchema = z.object({ id: z.number(), name: z.string(), slug: z.string() });
const wpErrorSchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  data: z.object({ status: z.number().optional(), term_id: z.number().optional() }).nullish(),
});

type Post = z.infer<typeof postSchema>;
type Media = z.infer<typeof mediaSchema>;
type WpError = z.infer<typeof wpErrorSchema>;

type Query = Record<string, string | number | undefined>;

interface WpRequest {
  method: 'GET' | 'POST';
  route: string;
  query?: Query;
  json?: unknown;
  upload?: { bytes: Uint8Array; mime: string; filename: string };
  /** Statuses answered to the caller as a WordPress error instead of thrown. */
  tolerate?: number[];
}

type Answer = { ok: true; status: number; body: unknown } | { ok: false; status: number; error: WpError | null };

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/**
 * Publishes to a WordPress site through its REST API, authenticated with an
 * application password (HTTP Basic). Every step looks for what an earlier,
 * interrupted attempt may have left behind (the post by its slug, photos by
 * their deterministic slugs, terms by slug or name) before creating anything,
 * so a retried job never posts or uploads twice.
 */
export function createWordPressTarget(options: WordPressTargetOptions): PublishTarget {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const restBase = options.restBase ?? `${options.baseUrl.replace(/\/+$/, '')}/?rest_route=/`;
  // Built once and only ever put in the Authorization header: never in a message.
  const authorization = `Basic ${Buffer.from(`${options.user}:${options.appPassword}`).toString('base64')}`;

  function restUrl(route: string, query: Query = {}): URL {
    const url = new URL(restBase);
    const routeParam = url.searchParams.get('rest_route');
    if (routeParam !== null) url.searchParams.set('rest_route', routeParam.replace(/\/+$/, '') + route);
    else url.pathname = url.pathname.replace(/\/+$/, '') + route;
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async function call(request: WpRequest): Promise<Answer> {
    const what = `WordPress ${request.method} ${request.route}`;
    const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (request.upload) {
      headers['Content-Type'] = request.upload.mime;
      headers['Content-Disposition'] = `attachment; filename="${request.upload.filename}"`;
      body = new Uint8Array(request.upload.bytes); // a copy typed as fetch wants it
    } else if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    }

    let response: Response;
    let text: string;
    try {
      response = await doFetch(restUrl(request.route, request.query), {
        method: request.method,
        headers,
        body,
        // A redirect (http → https, another host) would turn a POST into a GET.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new AppError('UNAVAILABLE', `${what} failed: ${errorMessage(error)}`, { target: 'wordpress' }, { cause: error });
    }

    const status = response.status;
    const parsed = parseJson(text);
    if (status >= 200 && status < 300) {
      // A 2xx that is not JSON is a web page: the URL does not lead to the REST API.
      if (parsed === undefined) {
        throw new AppError('VALIDATION', `${what} answered ${status} without JSON; is WORDPRESS_URL the site's address?`, {
          target: 'wordpress',
          status,
        });
      }
      return { ok: true, status, body: parsed };
    }

    const wpError = wpErrorSchema.safeParse(parsed);
    const error = wpError.success ? wpError.data : null;
    if (request.tolerate?.includes(status)) return { ok: false, status, error };

    const detail = error ? `${error.code}${error.message ? `: ${stripTags(error.message)}` : ''}` : text.slice(0, 200);
    const details = { target: 'wordpress', status, wpCode: error?.code ?? null };
    if (status === 429 || status >= 500) {
      throw new AppError('UNAVAILABLE', `${what} answered ${status} ${detail}`, details);
    }
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location') ?? '?';
      throw new AppError('VALIDATION', `${what} was redirected (${status}) to ${location}; set WORDPRESS_URL to the final address`, details);
    }
    // WordPress treats a request whose credentials it ignores (wrong application
    // password, Authorization header dropped by the web server, no HTTPS) as
    // anonymous: that shows as 401/403, or as 400 "status is forbidden" on our slug lookup.
    const credentials = status === 401 || status === 403 || text.includes('"rest_forbidden_status"');
    const hint = credentials
      ? ' (check WORDPRESS_USER and WORDPRESS_APP_PASSWORD: an application password of an Editor or Administrator, ' +
        'over HTTPS, with the Authorization header passed on to WordPress)'
      : '';
    throw new AppError('VALIDATION', `${what} answered ${status} ${detail}${hint}`, details);
  }

  /** Sends the request and parses a 2xx answer; any other answer throws. */
  async function send<T>(request: WpRequest, schema: z.ZodType<T>): Promise<T> {
    const answer = await call(request);
    if (!answer.ok) throw new AppError('INTERNAL', `WordPress ${request.route}: unexpected ${answer.status}`);
    return shaped(schema, answer.body, request);
  }

  function shaped<T>(schema: z.ZodType<T>, body: unknown, request: WpRequest): T {
    const result = schema.safeParse(body);
    if (!result.success) {
      throw new AppError('VALIDATION', `WordPress ${request.method} ${request.route} did not answer like the WordPress REST API`, {
        target: 'wordpress',
      });
    }
    return result.data;
  }

  /** Posts of any status (drafts too, after a withdrawal) with our slug; needs an authenticated editor. */
  async function findPostBySlug(slug: string): Promise<Post | null> {
    const posts = await send(
      { method: 'GET', route: '/wp/v2/posts', query: { slug, status: 'any', context: 'edit', per_page: 1 } },
      z.array(postSchema),
    );
    return posts[0] ?? null;
  }

  /**
   * Uploads the photos, reusing any already in the media library under the
   * deterministic slug `<item slug>-<n>` (an earlier attempt uploaded them).
   */
  async function ensureMedia(item: PublishableItem): Promise<Media[]> {
    if (item.photos.length === 0) return [];
    const slugs = item.photos.map((_, index) => `${item.slug}-${index + 1}`);
    const existing = await send(
      { method: 'GET', route: '/wp/v2/media', query: { slug: slugs.join(','), per_page: 100 } },
      z.array(mediaSchema),
    );
    const media: Media[] = [];
    for (const [index, photo] of item.photos.entries()) {
      const slug = slugs[index] as string;
      const found = existing.find((candidate) => candidate.slug === slug);
      media.push(found ?? (await uploadPhoto(item, photo, index + 1, slug)));
    }
    return media;
  }

  async function uploadPhoto(item: PublishableItem, photo: PublishablePhoto, n: number, slug: string): Promise<Media> {
    let bytes: Buffer;
    try {
      bytes = await readFile(photo.path);
    } catch (error) {
      throw new AppError('NOT_FOUND', `photo ${n} of ${item.slug} is missing on disk`, { path: photo.path }, { cause: error });
    }
    const caption = photoCaption(item, photo, n);
    const extension = extensions[photo.mime] ?? 'jpg';
    // The raw-body upload takes the other fields as query parameters, so the
    // photo arrives with its slug, alt text and caption in one request.
    return send(
      {
        method: 'POST',
        route: '/wp/v2/media',
        query: { slug, title: caption ?? item.item.title, alt_text: caption ?? item.item.title, caption: caption ?? undefined },
        upload: { bytes, mime: photo.mime, filename: `${slug}.${extension}` },
      },
      mediaSchema,
    );
  }

  /** The agency as a category, found by its slug or created. */
  async function ensureCategory(agency: PublishableItem['agency']): Promise<number> {
    const found = await send(
      { method: 'GET', route: '/wp/v2/categories', query: { slug: agency.slug } },
      z.array(termSchema),
    );
    if (found[0]) return found[0].id;
    return createTerm('/wp/v2/categories', { name: agency.name, slug: agency.slug });
  }

  async function ensureTags(tags: string[]): Promise<number[]> {
    const ids: number[] = [];
    const seen = new Set<string>();
    for (const raw of tags) {
      const name = raw.trim();
      const key = name.toLowerCase();
      if (name.length === 0 || seen.has(key)) continue;
      seen.add(key);
      // `search` matches substrings: keep only the tag with exactly this name.
      const candidates = await send(
        { method: 'GET', route: '/wp/v2/tags', query: { search: name, per_page: 100 } },
        z.array(termSchema),
      );
      const match = candidates.find((tag) => decodeEntities(tag.name).toLowerCase() === key);
      ids.push(match ? match.id : await createTerm('/wp/v2/tags', { name }));
    }
    return [...new Set(ids)];
  }

  /**
   * Creates a term; when it exists already (a race, or a name that search
   * missed) WordPress answers 400 `term_exists` with the existing term's id.
   */
  async function createTerm(route: string, fields: { name: string; slug?: string }): Promise<number> {
    const request: WpRequest = { method: 'POST', route, json: fields, tolerate: [400, 409] };
    const answer = await call(request);
    if (answer.ok) return shaped(termSchema, answer.body, request).id;
    const termId = answer.error?.code === 'term_exists' ? answer.error.data?.term_id : undefined;
    if (termId !== undefined) return termId;
    const code = answer.error?.code ?? 'unknown';
    throw new AppError('VALIDATION', `WordPress POST ${route} answered ${answer.status} ${code}`, {
      target: 'wordpress',
      status: answer.status,
      wpCode: code,
    });
  }

  function postFields(item: PublishableItem, media: Media[], categoryId: number, tagIds: number[]) {
    return {
      title: escapeHtml(item.item.title),
      slug: item.slug,
      content: articleHtml(item, media, options.contentPhotos ?? 'all'),
      excerpt: escapeHtml(item.item.lead),
      status: 'publish',
      featured_media: media[0]?.id ?? 0,
      categories: [categoryId],
      tags: tagIds,
      // Read as UTC; a value a minute or more ahead of WordPress's clock would schedule the post.
      date_gmt: item.publishedAt.toISOString().slice(0, 19),
    };
  }

  async function updatePost(id: string, fields: object): Promise<Post | null> {
    const request: WpRequest = { method: 'POST', route: `/wp/v2/posts/${encodeURIComponent(id)}`, json: fields, tolerate: [404, 410] };
    const answer = await call(request);
    if (answer.ok) return shaped(postSchema, answer.body, request);
    // 404 rest_no_route is a wrong REST address, not a deleted post.
    if (answer.error?.code === 'rest_no_route' || (answer.status === 404 && !answer.error)) {
      throw new AppError('VALIDATION', `WordPress POST ${request.route} answered ${answer.status} ${answer.error?.code ?? ''}; is WORDPRESS_URL right?`, {
        target: 'wordpress',
        status: answer.status,
      });
    }
    return null; // gone: deleted in WordPress
  }

  return {
    name: 'wordpress',

    async publish(item, previous): Promise<PublishResult> {
      const media = await ensureMedia(item);
      const categoryId = await ensureCategory(item.agency);
      const tagIds = await ensureTags(item.item.tags);
      const fields = postFields(item, media, categoryId, tagIds);

      // Ours already: update it (also brings a withdrawn draft back).
      let post = previous.externalId ? await updatePost(previous.externalId, fields) : null;
      // Created by an attempt that died before its id was recorded: adopt it.
      if (!post) {
        const existing = await findPostBySlug(item.slug);
        if (existing) post = await updatePost(String(existing.id), fields);
      }
      post ??= await send({ method: 'POST', route: '/wp/v2/posts', json: fields }, postSchema);
      return { externalId: String(post.id), url: post.link };
    },

    async withdraw(_item, externalId): Promise<void> {
      // Back to draft rather than deleted: the editors can still see and restore it.
      await updatePost(externalId, { status: 'draft' });
    },
  };
}

/** The article as HTML: dateline and lead, body paragraphs, photos as figures. Every text is escaped. */
export function articleHtml(item: PublishableItem, media: Array<{ id: number; source_url: string }>, photos: 'all' | 'after-featured' = 'all'): string {
  const e = escapeHtml;
  const parts = [
    `<p><strong>${e(formatDateline(item.item).trimEnd())}</strong> ${e(item.item.lead.trim())}</p>`,
    ...item.item.body
      .map((paragraph) => paragraph.trim())
      .filter((paragraph) => paragraph.length > 0)
      .map((paragraph) => `<p>${e(paragraph)}</p>`),
  ];
  item.photos.forEach((photo, index) => {
    const uploaded = media[index];
    if (!uploaded || (photos === 'after-featured' && index === 0)) return;
    const caption = photoCaption(item, photo, index + 1);
    const size = photo.width && photo.height ? ` width="${photo.width}" height="${photo.height}"` : '';
    parts.push(
      `<figure class="wp-block-image"><img src="${e(uploaded.source_url)}" alt="${e(caption ?? item.item.title)}" class="wp-image-${uploaded.id}"${size} />` +
        (caption ? `<figcaption>${e(caption)}</figcaption>` : '') +
        '</figure>',
    );
  });
  return parts.join('\n');
}

function photoCaption(item: PublishableItem, photo: PublishablePhoto, n: number): string | null {
  const caption = photo.caption ?? item.item.photoCaptions.find((entry) => entry.photoIndex === n)?.caption ?? null;
  return caption?.trim() || null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** WordPress stores term names HTML-escaped (`A &amp; B`). */
function decodeEntities(text: string): string {
  return text
    .replace(/&#0*39;|&#x0*27;/gi, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function stripTags(text: string): string {
  return text.replace(/<[^>]*>/g, '').slice(0, 300);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
