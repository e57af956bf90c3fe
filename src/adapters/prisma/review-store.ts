import type { DecisionRecord, ReviewStore } from '../../pipeline/ports/review-store.js';
import type { Database } from './client.js';
import { toStoredDraft } from './draft-row.js';

const targetStatus = { approve: 'approved', reject: 'rejected', revise: 'drafting', regenerate: 'drafting' } as const;

type DecisionRow = {
  id: number;
  bundleId: number;
  draftId: number;
  action: DecisionRecord['action'];
  reason: string | null;
  instruction: string | null;
  createdAt: Date;
  editor: { name: string | null; telegramUserId: string | null };
};

function toDecision(row: DecisionRow): DecisionRecord {
  return {
    id: row.id,
    bundleId: row.bundleId,
    draftId: row.draftId,
    action: row.action,
    reason: row.reason,
    instruction: row.instruction,
    editorName: row.editor.name ?? `Redaktur ${row.editor.telegramUserId ?? ''}`.trim(),
    createdAt: row.createdAt,
  };
}

export function createReviewStore(db: Database): ReviewStore {
  const latestDecision = async (bundleId: number) => {
    const row = await db.decision.findFirst({
      where: { bundleId },
      orderBy: { id: 'desc' },
      include: { editor: { select: { name: true, telegramUserId: true } } },
    });
    return row ? toDecision(row) : null;
  };

  return {
    async cardContext(draftId) {
      const draft = await db.draft.findUnique({
        where: { id: draftId },
        include: {
          bundle: {
            include: {
              agency: { select: { id: true, name: true } },
              contributor: { select: { id: true, name: true, role: true } },
              messages: { orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }], include: { mediaAsset: true } },
            },
          },
        },
      });
      if (!draft) return null;
      const { bundle } = draft;
      const latest = await db.draft.aggregate({ where: { bundleId: bundle.id }, _max: { version: true } });
      const photos = bundle.messages
        .filter((m) => m.mediaAsset?.mime.startsWith('image/'))
        .map((m) => ({ storagePath: m.mediaAsset!.webPath ?? m.mediaAsset!.storagePath, caption: m.caption }));
      const notes = bundle.messages.flatMap((m) => [m.text, m.caption]).filter((t): t is string => Boolean(t));
      return {
        draft: toStoredDraft(draft),
        bundle: {
          id: bundle.id,
          status: bundle.status,
          channel: bundle.channel,
          chatId: bundle.chatId,
          contributorId: bundle.contributorId,
          eventPlace: bundle.eventPlace,
          submittedAt: bundle.submittedAt,
          createdAt: bundle.createdAt,
        },
        agency: bundle.agency,
        contributor: bundle.contributor,
        photos,
        notes,
        latestVersion: latest._max.version ?? draft.version,
      };
    },

    cardsOf: (draftId) =>
      db.reviewCard.findMany({ where: { draftId }, select: { channel: true, chatId: true, messageId: true }, orderBy: { id: 'asc' } }),

    async recordCard(card) {
      await db.reviewCard.upsert({
        where: { channel_chatId_messageId: { channel: card.channel, chatId: card.chatId, messageId: card.messageId } },
        create: card,
        update: {},
      });
    },

    async findCardByMessage(chatId, messageId) {
      const card = await db.reviewCard.findFirst({ where: { chatId, messageId }, select: { draftId: true, bundleId: true } });
      return card ?? null;
    },

    async decide(input) {
      const to = input.action === 'revise' && input.instruction?.startsWith('?') ? 'submitted' : targetStatus[input.action];
      const outcome = await db.$transaction(async (tx) => {
        // One statement decides: still in review, and this is still the newest version.
        const moved = await tx.$queryRaw<Array<{ id: number }>>`
          UPDATE bundles SET status = ${to}::"BundleStatus", updated_at = now()
          WHERE id = (SELECT bundle_id FROM drafts WHERE id = ${input.draftId})
            AND status = 'in_review'
            AND (SELECT max(version) FROM drafts d WHERE d.bundle_id = bundles.id) = ${input.version}
          RETURNING id`;
        const bundleId = moved[0]?.id;
        if (bundleId === undefined) return null;
        const decision = await tx.decision.create({
          data: {
            bundleId,
            draftId: input.draftId,
            editorId: input.editorId,
            action: input.action,
            reason: input.reason ?? null,
            instruction: input.instruction ?? null,
          },
          include: { editor: { select: { name: true, telegramUserId: true } } },
        });
        await tx.auditLog.create({
          data: {
            actorType: 'editor',
            actorId: String(input.editorId),
            action: `draft.${input.action}`,
            entityType: 'bundle',
            entityId: String(bundleId),
            data: { draftId: input.draftId, version: input.version, reason: input.reason ?? null, instruction: input.instruction ?? null },
          },
        });
        return decision;
      });
      if (outcome) return { decided: true as const, decision: toDecision(outcome) };
      const draft = await db.draft.findUnique({ where: { id: input.draftId }, select: { bundleId: true } });
      return { decided: false as const, previous: draft ? await latestDecision(draft.bundleId) : null };
    },

    latestDecision,

    async reviewQueue(limit) {
      const bundles = await db.bundle.findMany({
        where: { status: 'in_review' },
        orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
        take: limit,
        include: { agency: { select: { name: true } }, drafts: { orderBy: { version: 'desc' }, take: 1 } },
      });
      return bundles.flatMap((b) => {
        const draft = b.drafts[0];
        if (!draft) return [];
        const title = String((draft.content as { title?: unknown } | null)?.title ?? '(tanpa judul)');
        return [{ bundleId: b.id, draftId: draft.id, version: draft.version, title, agencyName: b.agency.name, submittedAt: b.submittedAt }];
      });
    },

    async createPrompt(prompt) {
      await db.editorPrompt.upsert({
        where: { chatId_messageId: { chatId: prompt.chatId, messageId: prompt.messageId } },
        create: prompt,
        update: {},
      });
    },

    findPrompt: (chatId, messageId) =>
      db.editorPrompt.findUnique({
        where: { chatId_messageId: { chatId, messageId } },
        select: { editorId: true, draftId: true, version: true, purpose: true },
      }),

    async setPendingQuestion(bundleId, question, at) {
      await db.bundle.update({ where: { id: bundleId }, data: { pendingQuestion: question, questionAskedAt: at } });
    },

    async takePendingQuestion(contributorId) {
      const bundle = await db.bundle.findFirst({
        where: { contributorId, pendingQuestion: { not: null }, status: 'submitted' },
        orderBy: { questionAskedAt: 'desc' },
        select: { id: true, pendingQuestion: true },
      });
      if (!bundle) return null;
      // Conditional clear: only one message takes the question.
      const cleared = await db.bundle.updateMany({
        where: { id: bundle.id, pendingQuestion: { not: null } },
        data: { pendingQuestion: null },
      });
      return cleared.count === 1 ? { bundleId: bundle.id, question: bundle.pendingQuestion! } : null;
    },

    findEditorByTelegramId: (userId) => db.editor.findFirst({ where: { telegramUserId: userId, active: true } }),
    activeEditors: () => db.editor.findMany({ where: { active: true }, orderBy: { id: 'asc' } }),
  };
}
