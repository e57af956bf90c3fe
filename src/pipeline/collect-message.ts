import type { InboundMessage } from '../domain/inbound-message.js';
import { acknowledgeBundleJob, fetchMediaJob, submitIdleBundleJob } from '../jobs/intake-jobs.js';
import { messages } from '../messages/id.js';
import { ackDelayMs, type IntakeDeps } from './intake-deps.js';
import type { KnownContributor } from './ports/intake-store.js';

const collectedKinds = new Set(['text', 'photo', 'voice', 'audio', 'video', 'document']);

/**
 * Adds a note, photo, voice note or location to the contributor's open
 * bundle (opening one when needed), then schedules the acknowledgement, the
 * media download and the idle timer. A redelivered message changes nothing.
 */
export async function collectMessage(deps: IntakeDeps, contributor: KnownContributor, message: InboundMessage): Promise<void> {
  const messenger = deps.channels.messenger(message.channel);
  const chatId = message.sender.chatId;

  if (message.kind === 'unsupported') {
    await messenger.sendText(chatId, messages.unsupportedKind(message.unsupportedKind ?? 'other'));
    return;
  }
  if (message.kind !== 'location' && !collectedKinds.has(message.kind)) return;

  // Refuse what the channel already tells us is too big, before any download.
  const declaredSize = message.media?.declaredSize ?? null;
  const tooLarge = declaredSize !== null && declaredSize > deps.settings.maxMediaBytes;

  const now = deps.clock.now();
  const bundle = await deps.intake.openBundle(contributor, message.channel, chatId, now);
  const recorded = await deps.intake.recordMessage({
    message,
    contributorId: contributor.id,
    bundleId: bundle.id,
    kind: message.kind,
    mediaError: tooLarge ? 'too-large' : null,
  });
  if (!recorded.isNew) return; // the same chat message, delivered again

  if (tooLarge) {
    await messenger.sendText(chatId, messages.fileTooLarge(Math.floor(deps.settings.maxMediaBytes / 1024 / 1024)));
    return;
  }
  await deps.intake.touchBundle(bundle.id, now);

  if (message.kind === 'location' && message.location) {
    await deps.intake.setEventPlace(bundle.id, message.location);
    await messenger.sendText(chatId, messages.locationKept());
  }
  if (message.media) await deps.queue.enqueue(fetchMediaJob, { inboundMessageId: recorded.id });
  await deps.queue.enqueue(acknowledgeBundleJob, { bundleId: bundle.id }, { delayMs: ackDelayMs(deps.settings, message.channel), debounce: true });
  await deps.queue.enqueue(submitIdleBundleJob, { bundleId: bundle.id }, { delayMs: deps.settings.bundleIdleSeconds * 1000, debounce: true });
}
