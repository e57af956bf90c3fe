import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { slugify } from '../../domain/slug.js';
import { validateNewsItem } from '../../domain/news-item.js';
import type { PublicationRecord, PublicationStore, PublishableItem } from '../../pipeline/ports/publishing.js';
import { uniqueViolation, type Database } from './client.js';

const publicationFields = {
  id: true,
  bundleId: true,
  target: true,
  status: true,
  attempts: true,
  externalId: true,
  url: true,
  lastError: true,
} as const;

export function createPublicationStore(db: Database, options: { mediaDir: string; publicUrl: string }): PublicationStore {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');

  async function assignSlug(bundleId: number, title: string): Promise<void> {
    const base = slugify(title, 70);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const slug = attempt === 0 ? base : `${base}-${randomBytes(2).toString('hex')}`;
      try {
        await db.bundle.updateMany({ where: { id: bundleId, slug: null }, data: { slug } });
        return;
      } catch (error) {
        if (!uniqueViolation(error)) throw error; // another article has this slug: add a suffix
      }
    }
    throw new Error('could not find a free slug');
  }

  return {
    async prepare(bundleId, targets) {
      const approval = await db.decision.findFirst({ where: { bundleId, action: 'approve' }, orderBy: { id: 'desc' }, include: { draft: true } });
      if (!approval) throw new Error(`bundle ${bundleId} has no approval`);
      const item = validateNewsItem(approval.draft.content);
      await assignSlug(bundleId, item.ok ? item.item.title : `naskah-${bundleId}`);
      // The publication time is fixed at approval, so every target (and every retry) carries the same date.
      await db.bundle.update({ where: { id: bundleId }, data: { publishedDraftId: approval.draftId } });
      await db.bundle.updateMany({ where: { id: bundleId, publishedAt: null }, data: { publishedAt: approval.createdAt } });
      await db.publication.createMany({ data: targets.map((target) => ({ bundleId, target })), skipDuplicates: true });
      return db.publication.findMany({ where: { bundleId }, select: publicationFields, orderBy: { id: 'asc' } });
    },

    get: (id) => db.publication.findUnique({ where: { id }, select: publicationFields }),

    listForBundle: (bundleId) => db.publication.findMany({ where: { bundleId }, select: publicationFields, orderBy: { id: 'asc' } }),

    async begin(id) {
      const current = await db.publication.findUnique({ where: { id }, select: { status: true, externalId: true } });
      if (!current || current.status === 'published' || current.status === 'withdrawn') return null;
      const claimed = await db.publication.updateMany({
        where: { id, status: current.status },
        data: { status: 'publishing', attempts: { increment: 1 } },
      });
      return claimed.count === 1 ? { previousStatus: current.status, externalId: current.externalId } : null;
    },

    async succeed(id, result, at) {
      await db.publication.update({
        where: { id },
        data: { status: 'published', externalId: result.externalId, url: result.url, publishedAt: at, lastError: null },
      });
    },

    async fail(id, error, final) {
      await db.publication.updateMany({
        where: { id, status: { in: ['publishing', 'pending'] } },
        // Not final: back to pending, so the next attempt knows this one did not post.
        data: { status: final ? 'failed' : 'pending', lastError: error.slice(0, 2000) },
      });
    },

    async resetFailed(bundleId) {
      const failed = await db.publication.findMany({ where: { bundleId, status: 'failed' }, select: publicationFields });
      await db.publication.updateMany({ where: { id: { in: failed.map((p) => p.id) }, status: 'failed' }, data: { status: 'pending' } });
      return failed.map((p): PublicationRecord => ({ ...p, status: 'pending' }));
    },

    async markWithdrawn(id) {
      await db.publication.update({ where: { id }, data: { status: 'withdrawn' } });
    },

    async publishableItem(bundleId): Promise<PublishableItem | null> {
      const bundle = await db.bundle.findUnique({
        where: { id: bundleId },
        include: {
          agency: true,
          contributor: { select: { name: true } },
          messages: { orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }], include: { mediaAsset: true } },
        },
      });
      if (!bundle?.slug || !bundle.publishedDraftId) return null;
      const draft = await db.draft.findUnique({ where: { id: bundle.publishedDraftId } });
      const parsed = draft ? validateNewsItem(draft.content) : null;
      if (!parsed?.ok) return null;
      const captions = new Map(parsed.item.photoCaptions.map((c) => [c.photoIndex, c.caption]));
      const photos = bundle.messages
        .filter((m) => m.mediaAsset?.mime.startsWith('image/'))
        .map((m, index) => {
          const asset = m.mediaAsset!;
          const relative = asset.webPath ?? asset.storagePath;
          return {
            path: join(options.mediaDir, relative),
            url: `${publicUrl}/media/${asset.sha256}.jpg`,
            mime: asset.webPath ? 'image/jpeg' : asset.mime,
            width: asset.width,
            height: asset.height,
            sizeBytes: asset.sizeBytes,
            caption: captions.get(index + 1) ?? m.caption,
          };
        });
      return {
        bundleId,
        slug: bundle.slug,
        url: `${publicUrl}/news/${encodeURIComponent(bundle.slug)}`,
        item: parsed.item,
        agency: { id: bundle.agency.id, name: bundle.agency.name, slug: bundle.agency.slug },
        contributorName: bundle.contributor.name,
        publishedAt: bundle.publishedAt ?? new Date(),
        photos,
      };
    },

    async markBundlePublished(bundleId) {
      const result = await db.bundle.updateMany({ where: { id: bundleId, status: 'approved' }, data: { status: 'published', withdrawnAt: null } });
      return result.count === 1;
    },

    async markBundleWithdrawn(bundleId, at) {
      const result = await db.bundle.updateMany({ where: { id: bundleId, status: 'published' }, data: { status: 'withdrawn', withdrawnAt: at } });
      return result.count === 1;
    },

    async approver(bundleId) {
      const decision = await db.decision.findFirst({
        where: { bundleId, action: 'approve' },
        orderBy: { id: 'desc' },
        include: { editor: { select: { telegramUserId: true, name: true } } },
      });
      return decision?.editor ?? null;
    },

    async contributorChat(bundleId) {
      const bundle = await db.bundle.findUnique({ where: { id: bundleId }, select: { channel: true, chatId: true } });
      return bundle ?? null;
    },
  };
}
