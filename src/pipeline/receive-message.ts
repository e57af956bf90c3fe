import type { InboundMessage } from '../domain/inbound-message.js';
import { messagesFor } from '../messages/whatsapp-id.js';
import { cancelBundle } from './cancel-bundle.js';
import { collectMessage } from './collect-message.js';
import type { IntakeDeps } from './intake-deps.js';
import type { KnownContributor } from './ports/intake-store.js';
import { joinAgency } from './join-agency.js';
import { pressContributorButton } from './press-contributor-button.js';
import { showStatus } from './show-status.js';
import { submitBundle } from './submit-bundle.js';

export interface ReceiveOutcome {
  /** False when the sender is not a registered contributor: nothing of theirs may be kept. */
  fromRegistered: boolean;
}

/**
 * Other handlers (the editors' side, answers to editors' questions) can claim
 * a message before intake sees it; they get the sender as a contributor, if
 * they are one, so nobody looks them up twice.
 */
export type MessageInterceptor = (message: InboundMessage, contributor: KnownContributor | null) => Promise<boolean>;

/** Routes one inbound message from a person to what it means for intake. */
export async function receiveMessage(
  deps: IntakeDeps,
  message: InboundMessage,
  interceptors: MessageInterceptor[] = [],
): Promise<ReceiveOutcome> {
  const chatId = message.sender.chatId;
  const contributor = await deps.intake.findContributor(message.channel, [message.sender.externalId, ...message.sender.alternateIds]);
  // WhatsApp shows one person as …@c.us and as …@lid: remember every form seen, so either finds them later.
  if (contributor && message.sender.alternateIds.length > 0) {
    await deps.intake.linkIdentities(contributor.id, message.channel, [message.sender.externalId, ...message.sender.alternateIds], chatId);
  }
  for (const intercept of interceptors) {
    if (await intercept(message, contributor)) return { fromRegistered: true };
  }
  const messenger = deps.channels.messenger(message.channel);
  const messages = messagesFor(message.channel);

  if (message.kind === 'callback') {
    await pressContributorButton(deps, contributor, message);
    return { fromRegistered: Boolean(contributor) };
  }
  if (!message.privateChat) return { fromRegistered: Boolean(contributor) }; // intake happens in private chats only

  const command = message.command?.name;
  if (command === 'start' || command === 'daftar') {
    return { fromRegistered: (await joinAgency(deps, message, contributor)).registered };
  }
  if (!contributor) {
    await messenger.sendText(chatId, messages.joinHowTo());
    return { fromRegistered: false };
  }
  if (contributor.status === 'unreachable') await deps.intake.markContributorReachable(contributor.id);

  switch (command) {
    case undefined:
      await collectMessage(deps, contributor, message);
      break;
    case 'kirim': {
      const open = await deps.intake.findOpenBundle(contributor.id);
      if (open) await submitBundle(deps, open.id, 'command');
      else await messenger.sendText(chatId, messages.nothingToSubmit());
      break;
    }
    case 'batal': {
      const open = await deps.intake.findOpenBundle(contributor.id);
      if (open) await cancelBundle(deps, open.id);
      else await messenger.sendText(chatId, messages.nothingToCancel());
      break;
    }
    case 'status':
      await showStatus(deps, contributor, message.channel);
      break;
    case 'bantuan':
    case 'help':
      await messenger.sendText(chatId, messages.help(), { html: true });
      break;
    default:
      await messenger.sendText(chatId, messages.unknownCommand());
  }
  return { fromRegistered: true };
}
