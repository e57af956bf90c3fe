import { isWellFormedInviteCode, normaliseInviteCode } from '../domain/invite-code.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { messagesFor } from '../messages/whatsapp-id.js';
import type { IntakeDeps } from './intake-deps.js';
import type { KnownContributor } from './ports/intake-store.js';

/** `/start CODE` (Telegram deep link) or `DAFTAR CODE` (WhatsApp): registers the sender with the agency. */
export async function joinAgency(
  deps: Pick<IntakeDeps, 'intake' | 'agencies' | 'audit' | 'channels' | 'log'>,
  message: InboundMessage,
  existing: KnownContributor | null,
): Promise<{ registered: boolean }> {
  const messenger = deps.channels.messenger(message.channel);
  const messages = messagesFor(message.channel);
  const reply = (text: string) => messenger.sendText(message.sender.chatId, text, { html: true });
  const code = normaliseInviteCode(message.command?.args ?? '');

  if (!code) {
    if (existing) await reply(messages.alreadyRegistered(existing.agency.name));
    else await reply(messages.missingInviteCode());
    return { registered: Boolean(existing) };
  }
  const agency = isWellFormedInviteCode(code) ? await deps.agencies.findByInviteCode(code) : null;
  if (!agency) {
    if (existing) await reply(messages.alreadyRegistered(existing.agency.name));
    else await reply(messages.unknownInviteCode(code.slice(0, 20)));
    return { registered: Boolean(existing) };
  }
  if (existing) {
    await reply(existing.agencyId === agency.id ? messages.alreadyRegistered(agency.name) : messages.registeredElsewhere(existing.agency.name));
    return { registered: true };
  }

  const { contributor, created } = await deps.intake.registerContributor({
    agencyId: agency.id,
    name: message.sender.displayName.slice(0, 120) || 'Kontributor',
    channel: message.channel,
    externalId: message.sender.externalId,
    chatId: message.sender.chatId,
    username: message.sender.username,
    phone: message.sender.phone,
  });
  if (message.sender.alternateIds.length > 0) {
    await deps.intake.linkIdentities(contributor.id, message.channel, message.sender.alternateIds, message.sender.chatId);
  }
  if (created) {
    await deps.audit.record({
      actorType: 'contributor',
      actorId: String(contributor.id),
      action: 'contributor.join',
      entityType: 'agency',
      entityId: String(agency.id),
      data: { channel: message.channel },
    });
    deps.log.info({ contributorId: contributor.id, agencyId: agency.id, channel: message.channel }, 'contributor joined');
  }
  await reply(messages.welcome(agency.name, contributor.name));
  return { registered: true };
}
