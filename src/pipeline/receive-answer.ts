import type { InboundMessage } from '../domain/inbound-message.js';
import { draftBundleJob } from '../jobs/drafting-jobs.js';
import { fetchMediaJob } from '../jobs/intake-jobs.js';
import { reviewMessages } from '../messages/review-id.js';
import type { KnownContributor } from './ports/intake-store.js';
import type { ReviewDeps } from './review-deps.js';

const answerKinds = new Set(['text', 'voice', 'audio']);

/**
 * A contributor's reply to an editor's question: added to the bundle that
 * asked, which is then drafted again. Everything else goes on to intake.
 */
export function receiveAnswer(deps: ReviewDeps) {
  return async (message: InboundMessage, contributor: KnownContributor | null): Promise<boolean> => {
    if (!contributor || !message.privateChat || !answerKinds.has(message.kind)) return false;
    const pending = await deps.reviews.takePendingQuestion(contributor.id);
    if (!pending) return false;

    const recorded = await deps.intake.recordMessage({ message, contributorId: contributor.id, bundleId: pending.bundleId, kind: message.kind });
    if (!recorded.isNew) return true;
    if (message.media) await deps.queue.enqueue(fetchMediaJob, { inboundMessageId: recorded.id });
    const material = await deps.drafts.loadMaterial(pending.bundleId);
    const baseVersion = material?.latestDraft?.version ?? null;
    await deps.queue.enqueue(draftBundleJob, {
      bundleId: pending.bundleId,
      reason: 'answer',
      instruction: `Perbarui draf dengan jawaban kontributor (pesan terbaru di bahan) atas pertanyaan redaksi: ${pending.question}`,
      baseVersion,
    });
    await deps.channels.messenger(message.channel).sendText(message.sender.chatId, reviewMessages.contributorAnswerReceived());
    deps.log.info({ bundleId: pending.bundleId }, 'contributor answered an editor question');
    return true;
  };
}
