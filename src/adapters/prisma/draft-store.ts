import type { BundleMaterial, DraftStore } from '../../pipeline/ports/draft-store.js';
import { uniqueViolation, type Database } from './client.js';
import { toStoredDraft } from './draft-row.js';


export function createDraftStore(db: Database): DraftStore {
  return {
    async loadMaterial(bundleId): Promise<BundleMaterial | null> {
      const bundle = await db.bundle.findUnique({
        where: { id: bundleId },
        include: {
          agency: { select: { id: true, name: true } },
          contributor: { select: { id: true, name: true, role: true } },
          messages: { orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }], include: { mediaAsset: true } },
          drafts: { orderBy: { version: 'desc' }, take: 1 },
        },
      });
      if (!bundle) return null;
      const latest = bundle.drafts[0];
      return {
        bundle: {
          id: bundle.id,
          status: bundle.status,
          channel: bundle.channel,
          chatId: bundle.chatId,
          contributorId: bundle.contributorId,
          agencyId: bundle.agencyId,
          eventPlace: bundle.eventPlace,
          createdAt: bundle.createdAt,
          submittedAt: bundle.submittedAt,
        },
        agency: bundle.agency,
        contributor: bundle.contributor,
        items: bundle.messages.map((m) => ({
          messageId: m.id,
          kind: m.kind === 'other' ? 'unsupported' : m.kind,
          text: m.text,
          caption: m.caption,
          receivedAt: m.receivedAt,
          mediaPending: m.media !== null && m.mediaAssetId === null && m.mediaError === null,
          mediaError: m.mediaError,
          asset: m.mediaAsset
            ? {
                id: m.mediaAsset.id,
                sha256: m.mediaAsset.sha256,
                mime: m.mediaAsset.mime,
                storagePath: m.mediaAsset.storagePath,
                webPath: m.mediaAsset.webPath,
                durationSec: m.mediaAsset.durationSec,
              }
            : null,
        })),
        latestDraft: latest ? toStoredDraft(latest) : null,
      };
    },

    async setStatus(bundleId, from, to) {
      const result = await db.bundle.updateMany({ where: { id: bundleId, status: { in: from } }, data: { status: to } });
      return result.count === 1;
    },

    async findTranscript(sha256) {
      const row = await db.transcript.findUnique({ where: { sha256 } });
      return row?.text ?? null;
    },

    async saveTranscript(entry) {
      await db.transcript.upsert({ where: { sha256: entry.sha256 }, create: entry, update: {} });
    },

    async createDraft(draft) {
      try {
        const row = await db.draft.create({
          data: {
            bundleId: draft.bundleId,
            version: draft.version,
            kind: draft.kind,
            content: draft.content as object,
            warnings: draft.warnings,
            factCheck: (draft.factCheck ?? undefined) as object | undefined,
            model: draft.model,
            promptVersion: draft.promptVersion,
            inputTokens: draft.inputTokens,
            outputTokens: draft.outputTokens,
            latencyMs: draft.latencyMs,
            costUsd: draft.costUsd,
          },
        });
        return { draft: toStoredDraft(row), created: true };
      } catch (error) {
        if (!uniqueViolation(error)) throw error;
        const existing = await db.draft.findUnique({ where: { bundleId_version: { bundleId: draft.bundleId, version: draft.version } } });
        return { draft: toStoredDraft(existing!), created: false };
      }
    },

    async getDraft(draftId) {
      const row = await db.draft.findUnique({ where: { id: draftId } });
      return row ? toStoredDraft(row) : null;
    },
  };
}
