import { draftBundleJob } from '../jobs/drafting-jobs.js';
import { messages } from '../messages/id.js';
import type { IntakeDeps } from './intake-deps.js';

export type SubmitTrigger = 'command' | 'button' | 'idle';

/**
 * Moves an open bundle to submitted and queues its draft. Safe to race: a
 * tap, /kirim and the idle timer may all arrive; one wins, the rest are told
 * it is already sent (or, for the timer, stay silent).
 */
export async function submitBundle(
  deps: Pick<IntakeDeps, 'intake' | 'queue' | 'channels' | 'clock' | 'log' | 'audit'>,
  bundleId: number,
  trigger: SubmitTrigger,
): Promise<'submitted' | 'empty' | 'not-open'> {
  const bundle = await deps.intake.getBundle(bundleId);
  if (!bundle) return 'not-open';
  const messenger = deps.channels.messenger(bundle.channel);
  const outcome = await deps.intake.submitBundle(bundleId, deps.clock.now());

  if (outcome === 'empty') {
    if (trigger === 'idle') {
      await deps.intake.cancelBundle(bundleId); // nothing usable arrived: close it quietly
    } else {
      await messenger.sendText(bundle.chatId, messages.nothingToSubmit());
    }
    return outcome;
  }
  if (outcome === 'not-open') {
    if (trigger === 'button') {
      await messenger.sendText(bundle.chatId, bundle.status === 'cancelled' ? messages.alreadyCancelled() : messages.alreadySubmitted());
    }
    return outcome;
  }

  // The draft job comes first: once the status says submitted, the draft must follow.
  await deps.queue.enqueue(draftBundleJob, { bundleId, reason: 'submitted', instruction: null, baseVersion: null });
  await deps.audit.record({
    actorType: trigger === 'idle' ? 'system' : 'contributor',
    actorId: trigger === 'idle' ? null : String(bundle.contributorId),
    action: 'bundle.submit',
    entityType: 'bundle',
    entityId: String(bundleId),
    data: { trigger },
  });
  deps.log.info({ bundleId, trigger }, 'bundle submitted');

  const counts = await deps.intake.countBundle(bundleId);
  if (bundle.ackMessageId) {
    await messenger.editText(bundle.chatId, bundle.ackMessageId, messages.ackSubmitted(counts)).catch((error: unknown) => {
      deps.log.warn({ err: error, bundleId }, 'could not update the acknowledgement');
    });
  }
  await messenger.sendText(bundle.chatId, trigger === 'idle' ? messages.submittedAutomatically(counts) : messages.submitted(counts));
  return outcome;
}
