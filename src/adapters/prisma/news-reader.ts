import { stat } from 'node:fs/promises';
import path from 'node:path';
import { newsItemSchema, type NewsItem } from '../../domain/news-item.js';
import type { NewsReader, PublishedArticle } from '../../pipeline/ports/publishing.js';
import type { Prisma } from './generated/client.js';
import type { Database } from './client.js';

// What the public may see: published and not withdrawn, with an approved draft
// to show. Every query below starts from this, so the list, the article page,
// the feeds and the media route all agree on what is public.
const publishedWhere = {
  status: 'published',
  publishedAt: { not: null },
  publishedDraftId: { not: null },
} satisfies Prisma.BundleWhereInput;

const articleInclude = {
  agency: { select: { name: true, slug: true } },
  messages: {
    // The drafter numbers photos in this order (photoCaptions[].photoIndex is 1-based).
    where: { mediaAsset: { mime: { startsWith: 'image/' } } },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    select: { caption: true, mediaAsset: true },
  },
} satisfies Prisma.BundleInclude;

type ArticleRow = Prisma.BundleGetPayload<{ include: typeof articleInclude }>;

const sha256Pattern = /^[0-9a-f]{64}$/;

export function createNewsReader(db: Database, options: { mediaDir: string; publicUrl: string }): NewsReader {
  const mediaRoot = path.resolve(options.mediaDir);
  const publicUrl = options.publicUrl.replace(/\/+$/, '');

  /** A path stored in the database, resolved under MEDIA_DIR; null if it would escape it. */
  function underMediaDir(relativePath: string): string | null {
    const resolved = path.resolve(mediaRoot, relativePath);
    const relative = path.relative(mediaRoot, resolved);
    if (relativePath.includes('\0') || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
    return resolved;
  }

  /** The file served for an asset: the web-size JPEG when there is one, else the original. */
  function servedFile(asset: { mime: string; storagePath: string; webPath: string | null }) {
    const relativePath = asset.webPath ?? asset.storagePath;
    return { absolutePath: underMediaDir(relativePath), mime: asset.webPath ? 'image/jpeg' : asset.mime };
  }

  async function fileSize(absolutePath: string | null, fallback: number): Promise<number> {
    if (!absolutePath) return fallback;
    try {
      return (await stat(absolutePath)).size;
    } catch {
      return fallback;
    }
  }

  async function toArticles(rows: ArticleRow[]): Promise<PublishedArticle[]> {
    const draftIds = rows.map((row) => row.publishedDraftId).filter((id): id is number => id !== null);
    const drafts = await db.draft.findMany({ where: { id: { in: draftIds } }, select: { id: true, bundleId: true, content: true } });
    const draftById = new Map(drafts.map((draft) => [draft.id, draft]));

    const articles = await Promise.all(
      rows.map(async (row): Promise<PublishedArticle | null> => {
        const draft = row.publishedDraftId === null ? undefined : draftById.get(row.publishedDraftId);
        // A draft of another bundle is never shown, whatever the id says.
        if (!draft || draft.bundleId !== row.id || !row.slug || !row.publishedAt) return null;
        const item = toNewsItem(draft.content);
        if (!item) return null;
        return {
          bundleId: row.id,
          slug: row.slug,
          item,
          agency: row.agency,
          publishedAt: row.publishedAt,
          photos: await photosOf(row, item),
        };
      }),
    );
    return articles.filter((article): article is PublishedArticle => article !== null);
  }

  async function photosOf(row: ArticleRow, item: NewsItem): Promise<PublishedArticle['photos']> {
    const seen = new Set<string>();
    const photos: PublishedArticle['photos'] = [];
    for (const [index, message] of row.messages.entries()) {
      const asset = message.mediaAsset;
      // The same picture sent twice is shown once; numbering still counts both, as the drafter did.
      if (!asset || seen.has(asset.sha256) || !sha256Pattern.test(asset.sha256)) continue;
      seen.add(asset.sha256);
      const file = servedFile(asset);
      const drafted = item.photoCaptions.find((caption) => caption.photoIndex === index + 1)?.caption.trim();
      const sent = message.caption?.trim();
      photos.push({
        url: `${publicUrl}/media/${asset.sha256}.jpg`,
        mime: file.mime,
        width: asset.width,
        height: asset.height,
        // Feeds announce the length of the bytes actually served (the derivative is smaller).
        sizeBytes: await fileSize(file.absolutePath, asset.sizeBytes),
        caption: drafted || sent || null,
      });
    }
    return photos;
  }

  return {
    async listPublished({ page, perPage, agencySlug }) {
      const where: Prisma.BundleWhereInput = agencySlug === undefined ? publishedWhere : { ...publishedWhere, agency: { slug: agencySlug } };
      const take = Math.max(1, Math.floor(perPage));
      const skip = (Math.max(1, Math.floor(page)) - 1) * take;
      const [rows, total] = await Promise.all([
        db.bundle.findMany({
          where,
          // The id breaks ties so that pages never overlap or skip an item.
          orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
          skip,
          take,
          include: articleInclude,
        }),
        db.bundle.count({ where }),
      ]);
      return { articles: await toArticles(rows), total };
    },

    async findPublished(slug) {
      const row = await db.bundle.findFirst({ where: { ...publishedWhere, slug }, include: articleInclude });
      if (!row) return null;
      const [article] = await toArticles([row]);
      return article ?? null;
    },

    async agenciesWithNews() {
      const groups = await db.bundle.groupBy({ by: ['agencyId'], where: publishedWhere, _count: { _all: true } });
      if (groups.length === 0) return [];
      const agencies = await db.agency.findMany({
        where: { id: { in: groups.map((group) => group.agencyId) } },
        select: { id: true, name: true, slug: true },
        orderBy: { name: 'asc' },
      });
      const countById = new Map(groups.map((group) => [group.agencyId, group._count._all]));
      return agencies.map((agency) => ({ name: agency.name, slug: agency.slug, count: countById.get(agency.id) ?? 0 }));
    },

    async publishedMedia(sha256) {
      if (!sha256Pattern.test(sha256)) return null;
      // Only an image attached to a bundle that is public right now; draft and withdrawn media stay private.
      const asset = await db.mediaAsset.findFirst({
        where: {
          sha256,
          mime: { startsWith: 'image/' },
          messages: { some: { bundle: publishedWhere } },
        },
      });
      if (!asset) return null;
      const file = servedFile(asset);
      return file.absolutePath ? { absolutePath: file.absolutePath, mime: file.mime } : null;
    },
  };
}

/**
 * The approved draft as a news item. Drafts were validated before approval, but
 * the schema may have moved on since: a draft that no longer passes is shown
 * with what it has rather than taking the article off the site.
 */
function toNewsItem(content: unknown): NewsItem | null {
  const parsed = newsItemSchema.safeParse(content);
  if (parsed.success) return parsed.data;
  if (typeof content !== 'object' || content === null) return null;
  const raw = content as Record<string, unknown>;
  const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
  const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const title = text(raw.title);
  const lead = text(raw.lead);
  if (!title || !lead) return null;
  const captions = Array.isArray(raw.photoCaptions) ? raw.photoCaptions : [];
  return {
    title,
    datelinePlace: text(raw.datelinePlace) ?? '',
    eventDate: text(raw.eventDate),
    lead,
    body: texts(raw.body),
    quotes: [],
    photoCaptions: captions.flatMap((c: unknown) => {
      const caption = c as { photoIndex?: unknown; caption?: unknown } | null;
      return typeof caption?.photoIndex === 'number' && typeof caption.caption === 'string'
        ? [{ photoIndex: caption.photoIndex, caption: caption.caption }]
        : [];
    }),
    tags: texts(raw.tags),
    agency: text(raw.agency) ?? '',
    questions: [],
  };
}
