import { renderNewsItemPlainText } from '../domain/news-item.js';
import type { PublishedArticle } from '../pipeline/ports/publishing.js';
import { articleUrl, excerpt } from './site-pages.js';

// RSS 2.0 and JSON Feed 1.1 of the published news: pure functions from articles
// to the feed documents.

export interface FeedContext {
  siteName: string;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  description?: string;
}

export const feedItemLimit = 50;

const defaultDescription = (siteName: string) => `Berita resmi terbaru dari ${siteName}.`;

// XML 1.0 forbids most control characters even when escaped; an LLM draft may
// still carry one, and a single one makes the whole feed unreadable.
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or a double-quoted attribute value made safe for XML. */
export function xmlEscape(text: string): string {
  return text
    .replace(invalidXmlChars, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** RFC 822 date as RSS 2.0 wants it ("Tue, 12 Nov 2024 01:15:00 GMT"). */
export function rfc822(date: Date): string {
  return date.toUTCString();
}

export function renderRssFeed(context: FeedContext, articles: PublishedArticle[], now: Date = new Date()): string {
  const x = xmlEscape;
  // The newest item dates the feed, so that an unchanged feed reads the same every time.
  const lastBuild = articles[0]?.publishedAt ?? now;
  const items = articles.map((article) => {
    const url = articleUrl(context.publicUrl, article.slug);
    const photo = article.photos[0];
    return [
      '<item>',
      `<title>${x(article.item.title)}</title>`,
      `<link>${x(url)}</link>`,
      `<guid isPermaLink="true">${x(url)}</guid>`,
      `<pubDate>${rfc822(article.publishedAt)}</pubDate>`,
      `<description>${x(article.item.lead.trim())}</description>`,
      `<category>${x(article.agency.name)}</category>`,
      photo ? `<enclosure url="${x(photo.url)}" length="${photo.sizeBytes}" type="${x(photo.mime)}"/>` : '',
      '</item>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${x(context.siteName)}</title>
<link>${x(`${context.publicUrl}/`)}</link>
<description>${x(context.description ?? defaultDescription(context.siteName))}</description>
<language>id</language>
<lastBuildDate>${rfc822(lastBuild)}</lastBuildDate>
<atom:link href="${x(`${context.publicUrl}/feed.xml`)}" rel="self" type="application/rss+xml"/>
${items.join('\n')}
</channel>
</rss>
`;
}

export interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: string;
  items: JsonFeedItem[];
}

export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_text: string;
  summary: string;
  image?: string;
  date_published: string;
  tags: string[];
  authors: Array<{ name: string }>;
  attachments: Array<{ url: string; mime_type: string; size_in_bytes: number; title?: string }>;
}

export function buildJsonFeed(context: FeedContext, articles: PublishedArticle[]): JsonFeed {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: context.siteName,
    home_page_url: `${context.publicUrl}/`,
    feed_url: `${context.publicUrl}/feed.json`,
    description: context.description ?? defaultDescription(context.siteName),
    language: 'id',
    items: articles.map((article): JsonFeedItem => {
      const url = articleUrl(context.publicUrl, article.slug);
      const image = article.photos[0]?.url;
      return {
        id: url,
        url,
        title: article.item.title,
        content_text: renderNewsItemPlainText(article.item),
        summary: excerpt(article.item.lead, 300),
        ...(image ? { image } : {}),
        date_published: article.publishedAt.toISOString(),
        tags: article.item.tags,
        authors: [{ name: article.agency.name }],
        attachments: article.photos.map((photo) => ({
          url: photo.url,
          mime_type: photo.mime,
          size_in_bytes: photo.sizeBytes,
          ...(photo.caption ? { title: photo.caption } : {}),
        })),
      };
    }),
  };
}

/**
 * The feed as JSON text. `<`, `>` and `&` are written as \u escapes: the JSON
 * means the same, and a draft's markup can never be read as HTML even by a
 * client that sniffs the content type.
 */
export function renderJsonFeed(context: FeedContext, articles: PublishedArticle[]): string {
  return JSON.stringify(buildJsonFeed(context, articles), null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
