import { encodeCallback } from '../domain/callback-data.js';
import { messages } from '../messages/id.js';
import type { IntakeDeps } from './intake-deps.js';

/**
 * Sends the bundle's one acknowledgement, or refreshes its summary
 * ("3 foto, 1 pesan suara, 1 catatan"). Runs debounced, so an album's items
 * produce one message.
 */
export async function acknowledgeBundle(deps: Pick<IntakeDeps, 'intake' | 'channels' | 'settings'>, bundleId: number): Promise<void> {
  const bundle = await deps.intake.getBundle(bundleId);
  if (!bundle || bundle.status !== 'open') return; // submit and cancel write the final text themselves
  const counts = await deps.intake.countBundle(bundleId);
  if (Object.values(counts).every((n) => n === 0)) return; // everything so far was refused
  const messenger = deps.channels.messenger(bundle.channel);
  const text = messages.bundleSummary(counts, Math.max(1, Math.round(deps.settings.bundleIdleSeconds / 60)));
  const buttons = [
    [
      { label: messages.submitButton(), data: encodeCallback({ kind: 'bundle.submit', bundleId }) },
      { label: messages.cancelButton(), data: encodeCallback({ kind: 'bundle.cancel', bundleId }) },
    ],
  ];
  // Where messages cannot be edited (WhatsApp), each burst gets a new acknowledgement.
  if (bundle.ackMessageId && messenger.editsMessages !== false) {
    await messenger.editText(bundle.chatId, bundle.ackMessageId, text, { buttons });
    return;
  }
  const sent = await messenger.sendText(bundle.chatId, text, { buttons });
  await deps.intake.setAckMessage(bundleId, sent.messageId);
}
