import { publishingMessages } from '../messages/publishing-id.js';
import type { PublishingDeps } from './publishing-deps.js';
import { showPublicationStatus } from './show-publication-status.js';

/**
 * `/tarik ID`: the item leaves the site and feeds at once (its status), and
 * every target takes it back (channel messages deleted, WordPress post to draft).
 */
export async function withdrawItem(deps: PublishingDeps, bundleId: number, chatId: string, editorId: number): Promise<void> {
  const messenger = deps.channels.messenger('telegram');
  const item = await deps.publications.publishableItem(bundleId);
  const withdrawn = await deps.publications.markBundleWithdrawn(bundleId, deps.clock.now());
  if (!withdrawn || !item) {
    await messenger.sendText(chatId, publishingMessages.notPublished(bundleId));
    return;
  }
  const results: Array<{ target: string; ok: boolean }> = [];
  for (const publication of await deps.publications.listForBundle(bundleId)) {
    if (publication.status !== 'published' || !publication.externalId) continue;
    const target = deps.targets[publication.target];
    try {
      await target?.withdraw(item, publication.externalId);
      await deps.publications.markWithdrawn(publication.id);
      results.push({ target: publication.target, ok: true });
    } catch (error) {
      deps.log.warn({ err: error, bundleId, target: publication.target }, 'withdraw failed at a target');
      results.push({ target: publication.target, ok: false });
    }
  }
  deps.log.info({ bundleId, editorId, results }, 'item withdrawn');
  await messenger.sendText(chatId, publishingMessages.withdrawn(bundleId, results), { html: true });
  await showPublicationStatus(deps, bundleId);
}
