import { messages, summariseCounts } from '../messages/id.js';
import type { IntakeDeps } from './intake-deps.js';
import type { KnownContributor } from './ports/intake-store.js';

const dateFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('id-ID', { timeZone, day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });

/** `/status`: the contributor's last submissions and where each stands. */
export async function showStatus(deps: Pick<IntakeDeps, 'intake' | 'channels' | 'settings'>, contributor: KnownContributor, channel: 'telegram' | 'whatsapp') {
  const bundles = await deps.intake.recentBundles(contributor.id, 5);
  const format = dateFormat(deps.settings.timeZone);
  const text = messages.statusList(
    bundles.map((b) => ({ id: b.id, createdAt: format.format(b.createdAt), status: b.status, summary: summariseCounts(b.counts) })),
  );
  await deps.channels.messenger(channel).sendText(contributor.chatId, text, { html: true });
}
