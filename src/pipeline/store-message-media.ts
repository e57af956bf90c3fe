import { isAppError, isRetryable } from '../domain/errors.js';
import { acknowledgeBundleJob } from '../jobs/intake-jobs.js';
import { messages } from '../messages/id.js';
import { ackDelayMs, type IntakeDeps } from './intake-deps.js';

/**
 * Downloads the file a message carried, checks its real type and size, and
 * stores it by content. A refused file is marked on the message (so it does
 * not count) and the contributor is told why; a failed download is retried by
 * the job, and after the last attempt the contributor is asked to resend.
 */
export async function storeMessageMedia(
  deps: Pick<IntakeDeps, 'intake' | 'channels' | 'media' | 'queue' | 'settings' | 'log'>,
  inboundMessageId: number,
  attempt: { finalAttempt: boolean },
): Promise<void> {
  const message = await deps.intake.getMessage(inboundMessageId);
  if (!message || !message.media || message.mediaAssetId || message.mediaError) return;
  const bundle = message.bundleId ? await deps.intake.getBundle(message.bundleId) : null;
  const messenger = deps.channels.messenger(message.channel);

  const refuse = async (code: string, text: string) => {
    await deps.intake.setMediaError(inboundMessageId, code);
    if (bundle) {
      await messenger.sendText(bundle.chatId, text);
      await deps.queue.enqueue(acknowledgeBundleJob, { bundleId: bundle.id }, { delayMs: ackDelayMs(deps.settings, message.channel), debounce: true });
    }
  };

  let content: Buffer;
  try {
    content = await deps.channels.fetcher(message.channel).fetch(message.media, deps.settings.maxMediaBytes);
  } catch (error) {
    if (isAppError(error, 'TOO_LARGE')) {
      const limitMb = Number(error.details.limitMb ?? Math.floor(deps.settings.maxMediaBytes / 1024 / 1024));
      return refuse('too-large', messages.fileTooLarge(limitMb));
    }
    // A refusal the channel will repeat (a WhatsApp download that already failed on receipt) asks at once.
    if (attempt.finalAttempt || !isRetryable(error)) {
      deps.log.error({ err: error, inboundMessageId }, 'media download failed for good');
      return refuse('download-failed', messages.fileFailed());
    }
    throw error;
  }

  try {
    const stored = await deps.media.store(content, { durationSec: message.media.durationSec ?? undefined });
    const assetId = await deps.intake.createMediaAsset({
      sha256: stored.sha256,
      mime: stored.mime,
      sizeBytes: stored.sizeBytes,
      width: stored.width,
      height: stored.height,
      durationSec: stored.durationSec,
      storagePath: stored.storagePath,
      webPath: stored.webPath,
    });
    await deps.intake.attachMedia(inboundMessageId, assetId);
    deps.log.info({ inboundMessageId, mime: stored.mime, bytes: stored.sizeBytes, duplicate: stored.alreadyStored }, 'media stored');
  } catch (error) {
    if (isAppError(error, 'TOO_LARGE')) {
      const limitMb = Number(error.details.limitMb ?? Math.floor(deps.settings.maxMediaBytes / 1024 / 1024));
      return refuse('too-large', messages.fileTooLarge(limitMb));
    }
    if (isAppError(error, 'UNSUPPORTED')) return refuse('unsupported', messages.fileUnsupported());
    throw error;
  }
}
