import type { BundleRecord, IntakeStore, KnownContributor } from '../../pipeline/ports/intake-store.js';
import type { BundleCounts } from '../../messages/id.js';
import type { ChannelName } from '../../domain/records.js';
import type { InboundMedia } from '../../domain/inbound-message.js';
import { uniqueViolation, type Database } from './client.js';

const bundleFields = {
  id: true,
  contributorId: true,
  agencyId: true,
  channel: true,
  chatId: true,
  status: true,
  ackMessageId: true,
  createdAt: true,
  lastActivityAt: true,
  submittedAt: true,
} as const;

const emptyCounts = (): BundleCounts => ({ photos: 0, voices: 0, notes: 0, videos: 0, audios: 0, documents: 0 });

export function createIntakeStore(db: Database): IntakeStore {
  async function findContributor(channel: ChannelName, externalIds: string[]): Promise<KnownContributor | null> {
    const identity = await db.contributorIdentity.findFirst({
      where: { channel, externalId: { in: externalIds } },
      include: { contributor: { include: { agency: true } } },
    });
    if (!identity) return null;
    const { agency, ...contributor } = identity.contributor;
    return { ...contributor, agency, chatId: identity.chatId };
  }

  async function countBundles(bundleIds: number[]): Promise<Map<number, BundleCounts>> {
    const rows = await db.inboundMessage.groupBy({
      by: ['bundleId', 'kind'],
      where: { bundleId: { in: bundleIds }, mediaError: null },
      _count: { _all: true },
    });
    const counts = new Map(bundleIds.map((id) => [id, emptyCounts()]));
    for (const row of rows) {
      const target = counts.get(row.bundleId!);
      if (!target) continue;
      const n = row._count._all;
      if (row.kind === 'photo') target.photos += n;
      else if (row.kind === 'voice') target.voices += n;
      else if (row.kind === 'audio') target.audios += n;
      else if (row.kind === 'video') target.videos += n;
      else if (row.kind === 'document') target.documents += n;
      else if (row.kind === 'text') target.notes += n;
    }
    // A photo's caption is a note too.
    const captions = await db.inboundMessage.groupBy({
      by: ['bundleId'],
      where: { bundleId: { in: bundleIds }, caption: { not: null }, mediaError: null },
      _count: { _all: true },
    });
    for (const row of captions) {
      const target = counts.get(row.bundleId!);
      if (target) target.notes += row._count._all;
    }
    return counts;
  }

  return {
    findContributor,

    async registerContributor(input) {
      const existing = await findContributor(input.channel, [input.externalId]);
      if (existing) return { contributor: existing, created: false };
      try {
        await db.contributor.create({
          data: {
            agencyId: input.agencyId,
            name: input.name,
            phone: input.phone,
            identities: {
              create: { channel: input.channel, externalId: input.externalId, chatId: input.chatId, username: input.username },
            },
          },
        });
      } catch (error) {
        // Two /start taps at once: the other one registered them.
        if (!uniqueViolation(error)) throw error;
      }
      const contributor = await findContributor(input.channel, [input.externalId]);
      if (!contributor) throw new Error('contributor vanished right after registration');
      return { contributor, created: true };
    },

    async linkIdentities(contributorId, channel, externalIds, chatId) {
      const ids = [...new Set(externalIds.filter(Boolean))];
      if (ids.length === 0) return;
      await db.contributorIdentity.createMany({
        data: ids.map((externalId) => ({ contributorId, channel, externalId, chatId })),
        skipDuplicates: true,
      });
    },

    async markContributorUnreachable(channel, chatId) {
      const identities = await db.contributorIdentity.findMany({ where: { channel, chatId }, select: { contributorId: true } });
      if (identities.length === 0) return;
      await db.contributor.updateMany({
        where: { id: { in: identities.map((i) => i.contributorId) }, status: 'active' },
        data: { status: 'unreachable' },
      });
    },

    async markContributorReachable(contributorId) {
      await db.contributor.updateMany({ where: { id: contributorId, status: 'unreachable' }, data: { status: 'active' } });
    },

    async openBundle(contributor, channel, chatId, at): Promise<BundleRecord> {
      // The partial unique index allows one open bundle per contributor, so
      // concurrent album items race safely to the same row.
      await db.$executeRaw`
        INSERT INTO bundles (contributor_id, agency_id, channel, chat_id, status, created_at, updated_at, last_activity_at)
        VALUES (${contributor.id}, ${contributor.agencyId}, ${channel}::"Channel", ${chatId}, 'open', ${at}, ${at}, ${at})
        ON CONFLICT (contributor_id) WHERE status = 'open' DO NOTHING`;
      const bundle = await db.bundle.findFirst({ where: { contributorId: contributor.id, status: 'open' }, select: bundleFields });
      if (!bundle) throw new Error('open bundle missing right after creation');
      return bundle;
    },

    findOpenBundle: (contributorId) => db.bundle.findFirst({ where: { contributorId, status: 'open' }, select: bundleFields }),

    getBundle: (bundleId) => db.bundle.findUnique({ where: { id: bundleId }, select: bundleFields }),

    async touchBundle(bundleId, at) {
      await db.bundle.updateMany({ where: { id: bundleId, lastActivityAt: { lt: at } }, data: { lastActivityAt: at } });
    },

    async setEventPlace(bundleId, place) {
      await db.bundle.update({
        where: { id: bundleId },
        data: {
          latitude: place.latitude,
          longitude: place.longitude,
          eventPlace: place.title ?? `${place.latitude.toFixed(5)}, ${place.longitude.toFixed(5)}`,
        },
      });
    },

    async recordMessage({ message, contributorId, bundleId, kind, mediaError }) {
      try {
        const row = await db.inboundMessage.create({
          data: {
            channel: message.channel,
            externalId: message.externalId,
            updateId: message.updateId,
            contributorId,
            bundleId,
            kind: kind === 'unsupported' ? 'other' : kind,
            text: message.text,
            caption: message.caption,
            mediaGroupId: message.mediaGroupId,
            mediaError: mediaError ?? null,
            media: message.media ? (message.media as object) : undefined,
            raw: (message.raw ?? {}) as object,
            receivedAt: message.sentAt,
          },
          select: { id: true },
        });
        return { id: row.id, isNew: true };
      } catch (error) {
        if (!uniqueViolation(error)) throw error;
        const existing = await db.inboundMessage.findUnique({
          where: { channel_externalId: { channel: message.channel, externalId: message.externalId } },
          select: { id: true },
        });
        return { id: existing!.id, isNew: false };
      }
    },

    async getMessage(id) {
      const row = await db.inboundMessage.findUnique({ where: { id } });
      if (!row) return null;
      return {
        id: row.id,
        bundleId: row.bundleId,
        contributorId: row.contributorId,
        kind: row.kind === 'other' ? 'unsupported' : row.kind,
        channel: row.channel,
        raw: row.raw,
        media: (row.media as InboundMedia | null) ?? null,
        mediaAssetId: row.mediaAssetId,
        mediaError: row.mediaError,
      };
    },

    async attachMedia(messageId, mediaAssetId) {
      await db.inboundMessage.update({ where: { id: messageId }, data: { mediaAssetId, mediaError: null } });
    },

    async setMediaError(messageId, error) {
      await db.inboundMessage.update({ where: { id: messageId }, data: { mediaError: error } });
    },

    async createMediaAsset(asset) {
      // Stored by content: the same photo twice is one row.
      const row = await db.mediaAsset.upsert({ where: { sha256: asset.sha256 }, create: asset, update: {}, select: { id: true } });
      return row.id;
    },

    async countBundle(bundleId) {
      return (await countBundles([bundleId])).get(bundleId) ?? emptyCounts();
    },

    async setAckMessage(bundleId, messageId) {
      const result = await db.bundle.updateMany({ where: { id: bundleId, ackMessageId: null }, data: { ackMessageId: messageId } });
      return result.count === 1;
    },

    async submitBundle(bundleId, at) {
      const messages = await db.inboundMessage.count({ where: { bundleId, mediaError: null } });
      if (messages === 0) {
        const bundle = await db.bundle.findUnique({ where: { id: bundleId }, select: { status: true } });
        return bundle?.status === 'open' ? 'empty' : 'not-open';
      }
      // Conditional update: a tap, /kirim and the idle timer may all race here.
      const result = await db.bundle.updateMany({ where: { id: bundleId, status: 'open' }, data: { status: 'submitted', submittedAt: at } });
      return result.count === 1 ? 'submitted' : 'not-open';
    },

    async cancelBundle(bundleId) {
      const result = await db.bundle.updateMany({ where: { id: bundleId, status: 'open' }, data: { status: 'cancelled' } });
      return result.count === 1;
    },

    async recentBundles(contributorId, limit) {
      const bundles = await db.bundle.findMany({
        where: { contributorId },
        orderBy: { createdAt: 'desc' },
        take: limit,
        select: bundleFields,
      });
      const counts = await countBundles(bundles.map((b) => b.id));
      return bundles.map((bundle) => ({ ...bundle, counts: counts.get(bundle.id) ?? emptyCounts() }));
    },
  };
}
