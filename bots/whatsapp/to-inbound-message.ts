import { noContent, type InboundKind, type InboundMedia, type InboundMessage } from '../../src/domain/inbound-message.js';
import { normaliseInviteCode } from '../../src/domain/invite-code.js';
import { normalisePhone } from '../../src/domain/phone.js';
import { updateIdOf, whatsappUpdateSchema, type WhatsAppUpdate } from './payload.js';

// Whole-message keywords (any case, an optional leading slash and final dot
// tolerated) and the commands they stand for; the pipeline knows only commands.
const keywords: Record<string, string> = {
  kirim: 'kirim',
  batal: 'batal',
  status: 'status',
  bantuan: 'bantuan',
  help: 'bantuan',
};

/**
 * `DAFTAR CODE` (or `/start CODE`) joins; `KIRIM`, `BATAL`, `STATUS`,
 * `BANTUAN` are commands when they are the whole message. "Daftar hadir
 * peserta…" stays a note: after DAFTAR must come one code-like word (six
 * letters and digits), unless the keyword was typed in capitals as instructed.
 */
export function parseKeyword(text: string): { name: string; args: string } | null {
  const trimmed = text.trim().replace(/[.!]+$/, '');
  const match = /^(\/?)([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (!match) return null;
  const [, slash, word, restRaw] = match;
  const lower = word!.toLowerCase();
  const rest = (restRaw ?? '').trim();
  if (keywords[lower] && rest === '') return { name: keywords[lower]!, args: '' };
  if (lower === 'daftar' || lower === 'start') {
    if (rest === '') return { name: 'daftar', args: '' };
    const code = normaliseInviteCode(rest);
    const codeLike = /^[A-Z0-9]{6}$/.test(code);
    const insisted = (slash === '/' || word === word!.toUpperCase()) && /^[A-Z0-9]{2,16}$/.test(code);
    if (codeLike || insisted) return { name: 'daftar', args: rest };
  }
  return null;
}

/** `6281234567890@c.us` -> `+6281234567890`; null for `@lid` and anything else. */
export function phoneOfWid(wid: string | null): string | null {
  const match = wid ? /^(\d{8,15})@c\.us$/.exec(wid) : null;
  return match ? normalisePhone(`+${match[1]}`) : null;
}

function mediaOf(update: WhatsAppUpdate, durationSec: number | null): InboundMedia {
  const media = update.media;
  const fileRef = media?.spool ? `spool:${media.spool}` : `error:${media?.error ?? 'download-failed'}`;
  return {
    fileRef,
    declaredSize: media?.size ?? null,
    declaredMime: media?.mimetype ?? null,
    fileName: media?.filename ?? null,
    durationSec,
  };
}

/**
 * Turns a stored WhatsApp update into the project's inbound message, or null
 * for payloads that are not ours to act on.
 */
export function toInboundMessage(payload: unknown): InboundMessage | null {
  const parsed = whatsappUpdateSchema.safeParse(payload);
  if (!parsed.success) return null;
  const update = parsed.data;
  const group = update.from.endsWith('@g.us');
  const senderWid = update.author ?? update.from;
  // The phone form is the stable key (import and DAFTAR store it); the @lid form is an alias.
  const phoneWid = update.senderIds.phone ?? (senderWid.endsWith('@c.us') ? senderWid : null);
  const externalId = phoneWid ?? update.senderIds.lid ?? senderWid;
  const alternateIds = [...new Set([senderWid, update.senderIds.lid, update.senderIds.phone].filter((id): id is string => Boolean(id) && id !== externalId))];

  const base = {
    channel: 'whatsapp' as const,
    externalId: update.id,
    messageId: update.id,
    updateId: updateIdOf(update.id),
    sender: {
      externalId,
      alternateIds,
      chatId: update.from,
      displayName: update.pushName?.trim() || 'Kontributor',
      username: null,
      phone: phoneOfWid(phoneWid),
    },
    privateChat: !group,
    sentAt: new Date(update.timestamp * 1000),
    ...noContent,
    replyToMessageId: update.quotedId,
    raw: update,
  } satisfies Omit<InboundMessage, 'kind'>;

  const caption = update.body.trim() ? update.body : null;
  const withMedia = (kind: InboundKind): InboundMessage => ({ ...base, kind, caption, media: mediaOf(update, update.durationSec) });

  switch (update.type) {
    case 'chat': {
      if (!update.body.trim()) return null;
      const command = parseKeyword(update.body);
      if (command) return { ...base, kind: 'command', text: update.body, command };
      return { ...base, kind: 'text', text: update.body };
    }
    case 'image':
      return withMedia('photo');
    case 'ptt':
      return withMedia('voice');
    case 'audio':
      return withMedia('audio');
    case 'video':
      return withMedia('video');
    case 'document':
      // Images sent as documents keep full quality; other documents are not taken.
      if (update.media?.mimetype?.startsWith('image/')) return withMedia('document');
      return { ...base, kind: 'unsupported', unsupportedKind: 'document' };
    case 'location':
      return update.location
        ? { ...base, kind: 'location', location: { latitude: update.location.latitude, longitude: update.location.longitude, title: update.location.description } }
        : null;
    case 'sticker':
      return { ...base, kind: 'unsupported', unsupportedKind: 'sticker' };
    case 'vcard':
    case 'multi_vcard':
      return { ...base, kind: 'unsupported', unsupportedKind: 'contact' };
    case 'poll_creation':
      return { ...base, kind: 'unsupported', unsupportedKind: 'poll' };
    default:
      return { ...base, kind: 'unsupported', unsupportedKind: 'other' };
  }
}
