import { encodeCallback } from '../domain/callback-data.js';
import { AppError, isRetryable } from '../domain/errors.js';
import { publishingMessages } from '../messages/publishing-id.js';
import type { PublicationRecord, PublishResult } from './ports/publishing.js';
import type { PublishingDeps } from './publishing-deps.js';
import { showPublicationStatus } from './show-publication-status.js';

// Targets that can find their own earlier post (by slug or delivery id), so an
// interrupted attempt can safely run again.
const selfDeduplicating = new Set(['site', 'wordpress', 'webhook']);

/**
 * Publishes one approved item to one target, exactly once: the external id is
 * stored on success and checked before any new attempt; an attempt that was
 * interrupted mid-post on a target that cannot look up its posts is not
 * repeated blindly — the editors are asked to check.
 */
export async function publishItem(deps: PublishingDeps, publicationId: number, attempt: { finalAttempt: boolean }): Promise<void> {
  const publication = await deps.publications.get(publicationId);
  if (!publication) return;
  const log = deps.log.child({ publicationId, bundleId: publication.bundleId, target: publication.target });
  const target = deps.targets[publication.target];
  if (!target) {
    await deps.publications.fail(publicationId, 'target is not configured in this installation', true);
    return;
  }
  const claim = await deps.publications.begin(publicationId);
  if (!claim) return; // already published or withdrawn

  if (claim.previousStatus === 'publishing' && !claim.externalId && !selfDeduplicating.has(publication.target)) {
    // The last attempt died between posting and recording: it may have posted.
    log.warn('previous attempt was interrupted; not posting again without an editor');
    await deps.publications.fail(publicationId, 'interrupted while posting; check the target before retrying', true);
    await notifyEditors(deps, publication, publishingMessages.publicationUncertain(publication.bundleId, publication.target));
    return;
  }

  const item = await deps.publications.publishableItem(publication.bundleId);
  if (!item) {
    await deps.publications.fail(publicationId, 'the item is no longer approved', true);
    return;
  }

  let result: PublishResult;
  try {
    result = await target.publish(item, { externalId: claim.externalId });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = attempt.finalAttempt || !isRetryable(error);
    await deps.publications.fail(publicationId, message, final);
    log.warn({ err: error, final }, 'publish attempt failed');
    if (final) {
      await notifyEditors(deps, publication, publishingMessages.publicationFailed(publication.bundleId, publication.target, message));
      await showPublicationStatus(deps, publication.bundleId);
    }
    throw error;
  }

  await recordSuccess(deps, publicationId, result);
  log.info({ externalId: result.externalId, url: result.url }, 'published');

  if (publication.target === 'site') {
    const nowPublished = await deps.publications.markBundlePublished(publication.bundleId, deps.clock.now());
    if (nowPublished) await tellContributor(deps, publication.bundleId, item.item.title, item.url);
  }
  await showPublicationStatus(deps, publication.bundleId);
}

// The post exists now: its id must be stored, so a database hiccup is retried here, not by re-posting.
async function recordSuccess(deps: PublishingDeps, publicationId: number, result: PublishResult): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.publications.succeed(publicationId, result, deps.clock.now());
      return;
    } catch (error) {
      if (attempt >= 5) throw new AppError('INTERNAL', `posted but could not record it: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
}

async function tellContributor(deps: PublishingDeps, bundleId: number, title: string, url: string): Promise<void> {
  const chat = await deps.publications.contributorChat(bundleId);
  if (!chat || !deps.channels.has(chat.channel)) return;
  await deps.channels
    .messenger(chat.channel)
    .sendText(chat.chatId, publishingMessages.contributorPublished(title, url), { html: true })
    .catch((error: unknown) => deps.log.warn({ err: error, bundleId }, 'could not tell the contributor'));
}

async function notifyEditors(deps: PublishingDeps, publication: PublicationRecord, text: string): Promise<void> {
  if (!deps.channels.has('telegram')) return;
  const approver = await deps.publications.approver(publication.bundleId);
  const chats = [...new Set([deps.settings.editorsChatId, approver?.telegramUserId].filter((c): c is string => Boolean(c)))];
  const buttons = [[{ label: publishingMessages.retryButton(), data: encodeCallback({ kind: 'publication.retry', publicationId: publication.id }) }]];
  for (const chatId of chats) {
    await deps.channels
      .messenger('telegram')
      .sendText(chatId, text, { html: true, buttons })
      .catch((error: unknown) => deps.log.warn({ err: error }, 'could not tell the editors'));
  }
}
