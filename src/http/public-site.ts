import { Router, type Response } from 'express';
import type { NewsReader } from '../pipeline/ports/publishing.js';
import { feedItemLimit, renderJsonFeed, renderRssFeed } from './feeds.js';
import { renderArticlePage, renderHomePage, renderNotFoundPage, type SiteContext } from './site-pages.js';

// The public news site and its feeds: GET /, /news/:slug, /feed.xml,
// /feed.json and /media/<sha256>.jpg. Rendering lives in site-pages.ts and
// feeds.ts; this file only reads the request, asks the NewsReader and answers.

export const articlesPerPage = 10;
// Far enough for any archive; keeps OFFSET small and the number parse trivial.
const maxPage = 100_000;

const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'";
const mediaFilePattern = /^([0-9a-f]{64})\.jpg$/;

export interface PublicSiteDeps {
  news: NewsReader;
  timeZone: string;
  publicUrl: string;
  siteName?: string;
}

/** Headers every public answer carries; set per route so other routers are untouched. */
function secure(res: Response): Response {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  return res;
}

function sendHtml(res: Response, status: number, html: string): void {
  // Short caching: a withdrawn item should leave shared caches within a minute.
  secure(res).status(status).set('Cache-Control', status === 200 ? 'public, max-age=60' : 'no-store').type('text/html; charset=utf-8').send(html);
}

function pageNumber(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value)) return 1;
  return Math.min(Math.max(Number(value), 1), maxPage);
}

export function publicSiteRouter(deps: PublicSiteDeps): Router {
  const router = Router();
  const site: SiteContext = {
    siteName: deps.siteName ?? 'Warta',
    publicUrl: deps.publicUrl.replace(/\/+$/, ''),
    timeZone: deps.timeZone,
  };

  router.get('/', async (req, res) => {
    const page = pageNumber(req.query.page);
    const requested = typeof req.query.instansi === 'string' && req.query.instansi !== '' ? req.query.instansi : null;
    const agencies = await deps.news.agenciesWithNews();
    const agency = requested === null ? null : (agencies.find((a) => a.slug === requested) ?? null);
    // An agency with nothing published (or an unknown slug) simply lists nothing.
    const { articles, total } =
      requested !== null && agency === null
        ? { articles: [], total: 0 }
        : await deps.news.listPublished({ page, perPage: articlesPerPage, ...(agency ? { agencySlug: agency.slug } : {}) });
    const totalPages = Math.ceil(total / articlesPerPage);
    // The slug is not echoed as a name: an unknown one is shown as plain "Instansi".
    const shown = agency ?? (requested === null ? null : { name: 'Instansi', slug: requested });
    sendHtml(res, 200, renderHomePage(site, { articles, page, totalPages, agencies, agency: shown }));
  });

  router.get('/news/:slug', async (req, res) => {
    const slug = req.params.slug;
    const article = slug.length <= 200 ? await deps.news.findPublished(slug) : null;
    if (!article) {
      sendHtml(res, 404, renderNotFoundPage(site));
      return;
    }
    sendHtml(res, 200, renderArticlePage(site, article));
  });

  router.get('/feed.xml', async (_req, res) => {
    const { articles } = await deps.news.listPublished({ page: 1, perPage: feedItemLimit });
    secure(res)
      .set('Content-Type', 'application/rss+xml; charset=utf-8')
      .set('Cache-Control', 'public, max-age=60')
      .send(renderRssFeed(site, articles));
  });

  router.get('/feed.json', async (_req, res) => {
    const { articles } = await deps.news.listPublished({ page: 1, perPage: feedItemLimit });
    secure(res)
      .set('Content-Type', 'application/feed+json; charset=utf-8')
      .set('Cache-Control', 'public, max-age=60')
      .send(renderJsonFeed(site, articles));
  });

  router.get('/media/:file', async (req, res) => {
    const notFound = () => secure(res).status(404).set('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send('Tidak ditemukan');
    // Only `<sha256>.jpg` ever reaches the reader: no path, no dots, no encoded slashes.
    const match = mediaFilePattern.exec(req.params.file);
    const media = match?.[1] ? await deps.news.publishedMedia(match[1]) : null;
    if (!media) {
      notFound();
      return;
    }
    // Not `immutable`: the bytes never change, but a withdrawn item's photos must stop being served.
    secure(res).set('Cache-Control', 'public, max-age=3600').type(media.mime);
    // The path comes from the reader (already inside MEDIA_DIR); dotfiles are allowed
    // because MEDIA_DIR itself may sit under a dot-folder.
    res.sendFile(media.absolutePath, { dotfiles: 'allow', lastModified: true }, (error) => {
      if (!error) return;
      if (!res.headersSent) {
        req.log.warn({ err: error }, 'published media file missing');
        notFound();
      } else {
        req.log.debug({ err: error }, 'media transfer ended early');
      }
    });
  });

  return router;
}
