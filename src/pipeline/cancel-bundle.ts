import { messages } from '../messages/id.js';
import type { IntakeDeps } from './intake-deps.js';

/** `/batal` or the cancel button: the open bundle is dropped and not sent. */
export async function cancelBundle(
  deps: Pick<IntakeDeps, 'intake' | 'channels' | 'log' | 'audit'>,
  bundleId: number,
): Promise<boolean> {
  const bundle = await deps.intake.getBundle(bundleId);
  if (!bundle) return false;
  const messenger = deps.channels.messenger(bundle.channel);
  const cancelled = await deps.intake.cancelBundle(bundleId);
  if (!cancelled) {
    await messenger.sendText(bundle.chatId, bundle.status === 'cancelled' ? messages.alreadyCancelled() : messages.alreadySubmitted());
    return false;
  }
  await deps.audit.record({ actorType: 'contributor', actorId: String(bundle.contributorId), action: 'bundle.cancel', entityType: 'bundle', entityId: String(bundleId) });
  if (bundle.ackMessageId) {
    await messenger.editText(bundle.chatId, bundle.ackMessageId, messages.ackCancelled()).catch((error: unknown) => {
      deps.log.warn({ err: error, bundleId }, 'could not update the acknowledgement');
    });
  }
  await messenger.sendText(bundle.chatId, messages.cancelled());
  return true;
}
