import { escapeHtml } from '../domain/html.js';
import { formatDateline } from '../domain/news-item.js';
import type { PublishedArticle } from '../pipeline/ports/publishing.js';

// Server-rendered pages of the public news site. Pure functions from data to
// HTML strings: no JavaScript in the page, no build step. Everything in a draft
// came from an LLM fed by contributors, so every piece of text goes through
// `h()` (and every URL part through encodeURIComponent) before it reaches HTML.

export interface SiteContext {
  siteName: string;
  /** PUBLIC_URL without a trailing slash: used where a URL must be absolute (OpenGraph, canonical). */
  publicUrl: string;
  timeZone: string;
}

export interface AgencyLink {
  name: string;
  slug: string;
  count: number;
}

export interface HomePageInput {
  articles: PublishedArticle[];
  page: number;
  totalPages: number;
  agencies: AgencyLink[];
  /** The agency filter in force, when `?instansi=` names one. */
  agency: { name: string; slug: string } | null;
}

/** Text (or an attribute value in double quotes) made safe for HTML. */
const h = (text: string | number): string => escapeHtml(String(text));

/** Root-relative link to an article on this site. */
export function articlePath(slug: string): string {
  return `/news/${encodeURIComponent(slug)}`;
}

export function articleUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}${articlePath(slug)}`;
}

/**
 * Pages use root-relative media paths so images load from this very server
 * (and pass `img-src 'self'`) even when PUBLIC_URL names another host.
 */
function mediaSrc(url: string): string {
  const match = /\/media\/([0-9a-f]{64}\.jpg)$/.exec(url);
  return match ? `/media/${match[1]}` : url;
}

const fallbackZoneNames: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** "Selasa, 12 November 2024 09.15 WITA": the date as Indonesian readers write it, in the office's zone. */
export function formatIndonesianDateTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('id-ID', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // ICU without Indonesian zone names (small-icu builds) says "GMT+8"; readers expect WITA.
  const zone = /^(GMT|UTC)/.test(part('timeZoneName')) ? (fallbackZoneNames[timeZone] ?? part('timeZoneName')) : part('timeZoneName');
  return `${part('weekday')}, ${part('day')} ${part('month')} ${part('year')} ${part('hour')}.${part('minute')} ${zone}`.trim();
}

/** The first sentences of the lead, cut at a word boundary. */
export function excerpt(text: string, maxLength = 220): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const cut = clean.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

function dateline(article: PublishedArticle): string {
  return article.item.datelinePlace.trim() === '' ? '' : formatDateline(article.item);
}

const styles = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Ubuntu,sans-serif;line-height:1.6;color:#1b1f24;background:#f6f7f9}
a{color:#0b5cad}
.wrap{max-width:44rem;margin:0 auto;padding:0 1rem}
header.site{background:#0b3d6e;color:#fff}
header.site .wrap{padding-top:.8rem;padding-bottom:.8rem;display:flex;align-items:baseline;justify-content:space-between;gap:1rem}
header.site a{color:#fff;text-decoration:none;font-weight:700;font-size:1.25rem}
header.site span{font-size:.85rem;opacity:.85}
main{background:#fff;padding-top:1rem;padding-bottom:2rem;min-height:60vh}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 .75rem}
h2{font-size:1.1rem;line-height:1.3;margin:0 0 .25rem}
h2 a{color:#1b1f24;text-decoration:none}
h2 a:hover{text-decoration:underline}
img{max-width:100%;height:auto;display:block}
.meta{font-size:.85rem;color:#5b6470;margin:.25rem 0}
.agencies{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 1rem;padding:0;list-style:none;font-size:.85rem}
.agencies a{display:inline-block;padding:.2rem .65rem;border:1px solid #c8d3df;border-radius:1rem;text-decoration:none}
.agencies a[aria-current]{background:#0b3d6e;border-color:#0b3d6e;color:#fff}
.news{list-style:none;margin:0;padding:0}
.news li{display:flex;gap:.8rem;padding:1rem 0;border-top:1px solid #e4e8ee}
.news .thumb{flex:0 0 7.5rem}
.news .thumb img{width:7.5rem;height:5.6rem;object-fit:cover;border-radius:.35rem;background:#e4e8ee}
.news p.lead{margin:.35rem 0 0;font-size:.92rem;color:#333a42}
figure{margin:1rem 0}
figure img{width:100%;border-radius:.35rem;background:#e4e8ee}
figcaption{font-size:.85rem;color:#5b6470;margin-top:.35rem}
.article p{margin:0 0 1rem}
.dateline{font-weight:700}
.tags{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:1.5rem 0 0;font-size:.85rem}
.tags li{background:#eef2f6;border-radius:.3rem;padding:.1rem .5rem}
nav.pages{display:flex;justify-content:space-between;align-items:center;margin-top:1.5rem;font-size:.95rem;gap:.5rem}
.empty{padding:2rem 0;color:#5b6470}
footer.site{font-size:.85rem;color:#5b6470;padding:1.2rem 0 2rem}
`.replace(/\n/g, '');

interface Head {
  title: string;
  description?: string;
  canonical?: string;
  /** Extra `<meta>`/`<link>` tags, already escaped. */
  extra?: string;
}

function layout(site: SiteContext, head: Head, body: string): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(head.title)}</title>
${head.description ? `<meta name="description" content="${h(head.description)}">\n` : ''}${head.canonical ? `<link rel="canonical" href="${h(head.canonical)}">\n` : ''}<link rel="alternate" type="application/rss+xml" title="${h(site.siteName)} (RSS)" href="/feed.xml">
<link rel="alternate" type="application/feed+json" title="${h(site.siteName)} (JSON Feed)" href="/feed.json">
${head.extra ?? ''}<style>${styles}</style>
</head>
<body>
<header class="site"><div class="wrap"><a href="/">${h(site.siteName)}</a><span>Berita resmi</span></div></header>
<main><div class="wrap">
${body}
</div></main>
<footer class="site"><div class="wrap">Ikuti berita lewat <a href="/feed.xml">RSS</a> atau <a href="/feed.json">JSON Feed</a>. Waktu dalam ${h(zoneLabel(site.timeZone))}.</div></footer>
</body>
</html>
`;
}

/** The zone's short name for the footer; Indonesia keeps no summer time, so any fixed date gives it. */
function zoneLabel(timeZone: string): string {
  return formatIndonesianDateTime(new Date(0), timeZone).split(' ').pop() ?? timeZone;
}

function imageTag(photo: PublishedArticle['photos'][number], alt: string, extraClass = ''): string {
  const size = photo.width && photo.height ? ` width="${h(photo.width)}" height="${h(photo.height)}"` : '';
  const cls = extraClass ? ` class="${h(extraClass)}"` : '';
  return `<img src="${h(mediaSrc(photo.url))}" alt="${h(alt)}"${size}${cls} loading="lazy" decoding="async">`;
}

function homeHref(page: number, agencySlug: string | null): string {
  const params: string[] = [];
  if (agencySlug) params.push(`instansi=${encodeURIComponent(agencySlug)}`);
  if (page > 1) params.push(`page=${page}`);
  return params.length > 0 ? `/?${params.join('&')}` : '/';
}

export function renderHomePage(site: SiteContext, input: HomePageInput): string {
  const agencySlug = input.agency?.slug ?? null;
  const heading = input.agency ? `Berita ${input.agency.name}` : 'Berita Terbaru';

  const filters =
    input.agencies.length === 0
      ? ''
      : `<ul class="agencies" aria-label="Saring menurut instansi">
<li><a href="/"${agencySlug ? '' : ' aria-current="page"'}>Semua</a></li>
${input.agencies
  .map(
    (agency) =>
      `<li><a href="${h(homeHref(1, agency.slug))}"${agency.slug === agencySlug ? ' aria-current="page"' : ''}>${h(agency.name)} (${h(agency.count)})</a></li>`,
  )
  .join('\n')}
</ul>`;

  const list =
    input.articles.length === 0
      ? `<p class="empty">${input.page > 1 && input.totalPages > 0 ? 'Tidak ada berita di halaman ini.' : 'Belum ada berita.'}</p>`
      : `<ul class="news">
${input.articles.map((article) => listItem(site, article)).join('\n')}
</ul>`;

  const newer = input.page > 1 ? `<a rel="prev" href="${h(homeHref(Math.min(input.page - 1, Math.max(input.totalPages, 1)), agencySlug))}">← Sebelumnya</a>` : '<span></span>';
  const older = input.page < input.totalPages ? `<a rel="next" href="${h(homeHref(input.page + 1, agencySlug))}">Berikutnya →</a>` : '<span></span>';
  const pager =
    input.totalPages > 1 || input.page > 1
      ? `<nav class="pages" aria-label="Halaman">${newer}<span class="meta">Halaman ${h(input.page)} dari ${h(Math.max(input.totalPages, 1))}</span>${older}</nav>`
      : '';

  const title = input.page > 1 ? `${heading} – Halaman ${input.page} – ${site.siteName}` : `${heading} – ${site.siteName}`;
  return layout(
    site,
    { title, description: `${heading} dari ${site.siteName}.`, canonical: `${site.publicUrl}${homeHref(input.page, agencySlug)}` },
    `<h1>${h(heading)}</h1>
${filters}
${list}
${pager}`,
  );
}

function listItem(site: SiteContext, article: PublishedArticle): string {
  const href = h(articlePath(article.slug));
  const photo = article.photos[0];
  const thumb = photo ? `<a class="thumb" href="${href}" tabindex="-1" aria-hidden="true">${imageTag(photo, '')}</a>` : '';
  return `<li>${thumb}<div>
<h2><a href="${href}">${h(article.item.title)}</a></h2>
<p class="meta">${h(article.agency.name)} · <time datetime="${h(article.publishedAt.toISOString())}">${h(formatIndonesianDateTime(article.publishedAt, site.timeZone))}</time></p>
<p class="lead">${h(excerpt(article.item.lead, 160))}</p>
</div></li>`;
}

export function renderArticlePage(site: SiteContext, article: PublishedArticle): string {
  const { item } = article;
  const url = articleUrl(site.publicUrl, article.slug);
  const [first, ...rest] = article.photos;
  const description = excerpt(item.lead, 300);

  const og = [
    ['og:type', 'article'],
    ['og:site_name', site.siteName],
    ['og:locale', 'id_ID'],
    ['og:title', item.title],
    ['og:description', description],
    ['og:url', url],
    ...(first
      ? [
          ['og:image', first.url],
          ['og:image:type', first.mime],
          ...(first.width && first.height ? [['og:image:width', String(first.width)], ['og:image:height', String(first.height)]] : []),
          ...(first.caption ? [['og:image:alt', first.caption]] : []),
        ]
      : []),
    ['article:published_time', article.publishedAt.toISOString()],
    ['article:section', article.agency.name],
    ...item.tags.map((tag) => ['article:tag', tag]),
  ]
    .map(([property, content]) => `<meta property="${h(property ?? '')}" content="${h(content ?? '')}">`)
    .join('\n');
  const twitter = [
    ['twitter:card', first ? 'summary_large_image' : 'summary'],
    ['twitter:title', item.title],
    ['twitter:description', description],
    ...(first ? [['twitter:image', first.url]] : []),
  ]
    .map(([name, content]) => `<meta name="${h(name ?? '')}" content="${h(content ?? '')}">`)
    .join('\n');

  const figure = (photo: PublishedArticle['photos'][number]) =>
    `<figure>${imageTag(photo, photo.caption ?? item.title)}${photo.caption ? `<figcaption>${h(photo.caption)}</figcaption>` : ''}</figure>`;
  const when = `<time datetime="${h(article.publishedAt.toISOString())}">${h(formatIndonesianDateTime(article.publishedAt, site.timeZone))}</time>`;
  const tags =
    item.tags.length === 0 ? '' : `<ul class="tags" aria-label="Tag">${item.tags.map((tag) => `<li>${h(tag)}</li>`).join('')}</ul>`;

  return layout(
    site,
    { title: `${item.title} – ${site.siteName}`, description, canonical: url, extra: `${og}\n${twitter}\n` },
    `<article class="article">
<h1>${h(item.title)}</h1>
<p class="meta"><a href="${h(homeHref(1, article.agency.slug))}">${h(article.agency.name)}</a> · ${when}</p>
${first ? figure(first) : ''}
<p><span class="dateline">${h(dateline(article))}</span>${h(item.lead)}</p>
${item.body
  .map((paragraph) => paragraph.trim())
  .filter((paragraph) => paragraph.length > 0)
  .map((paragraph) => `<p>${h(paragraph)}</p>`)
  .join('\n')}
${rest.map(figure).join('\n')}
${tags}
</article>
<p><a href="/">← Kembali ke daftar berita</a></p>`,
  );
}

export function renderNotFoundPage(site: SiteContext): string {
  return layout(
    site,
    { title: `Berita tidak ditemukan – ${site.siteName}` },
    `<h1>Berita tidak ditemukan</h1>
<p>Berita yang Anda cari tidak ada atau sudah tidak ditayangkan.</p>
<p><a href="/">← Kembali ke daftar berita</a></p>`,
  );
}
