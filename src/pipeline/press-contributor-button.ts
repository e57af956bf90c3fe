import { decodeCallback } from '../domain/callback-data.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { messages } from '../messages/id.js';
import { cancelBundle } from './cancel-bundle.js';
import type { IntakeDeps } from './intake-deps.js';
import type { KnownContributor } from './ports/intake-store.js';
import { submitBundle } from './submit-bundle.js';

/** A contributor tapped "Kirim ke redaksi" or "Batal" under a bundle's acknowledgement. */
export async function pressContributorButton(deps: IntakeDeps, contributor: KnownContributor | null, message: InboundMessage): Promise<void> {
  const callback = message.callback!;
  const messenger = deps.channels.messenger(message.channel);
  const action = decodeCallback(callback.data);
  if (!action || (action.kind !== 'bundle.submit' && action.kind !== 'bundle.cancel')) {
    await messenger.answerCallback(callback.id, messages.buttonExpired());
    return;
  }
  const bundle = await deps.intake.getBundle(action.bundleId);
  // Only the bundle's own contributor may submit or cancel it.
  if (!contributor || !bundle || bundle.contributorId !== contributor.id) {
    await messenger.answerCallback(callback.id, messages.buttonExpired(), { alert: true });
    return;
  }
  await messenger.answerCallback(callback.id); // at once, before the slow part
  if (action.kind === 'bundle.submit') await submitBundle(deps, bundle.id, 'button');
  else await cancelBundle(deps, bundle.id);
}
