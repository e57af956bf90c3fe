import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The raw WhatsApp update Warta stores (inbound_updates.payload): plain JSON
 * taken from a whatsapp-web.js Message when it arrived, with its media already
 * downloaded to a spool file. Written by the whatsapp role, read by the
 * worker's parser (to-inbound-message.ts).
 */
export const whatsappUpdateSchema = z.object({
  v: z.literal(1),
  /** Message id._serialized: unique per message. */
  id: z.string().min(1),
  /** The chat the message came from (where replies go): `…@c.us` or `…@lid`. */
  from: z.string().min(1),
  /** The sender inside a group; null in private chats. */
  author: z.string().nullable(),
  /** The same person under both id forms, when the client could tell. */
  senderIds: z.object({ phone: z.string().nullable(), lid: z.string().nullable() }),
  pushName: z.string().nullable(),
  type: z.string(),
  body: z.string(),
  /** Unix seconds. */
  timestamp: z.number(),
  media: z
    .object({
      /** File name under MEDIA_DIR/incoming/; null when it could not be kept. */
      spool: z.string().nullable(),
      mimetype: z.string().nullable(),
      filename: z.string().nullable(),
      size: z.number().nullable(),
      /** Why there is no spool file: the download failed after retries, or the file was over the limit. */
      error: z.enum(['download-failed', 'too-large']).nullable(),
    })
    .nullable(),
  location: z.object({ latitude: z.number(), longitude: z.number(), description: z.string().nullable() }).nullable(),
  durationSec: z.number().nullable(),
  quotedId: z.string().nullable(),
});

export type WhatsAppUpdate = z.infer<typeof whatsappUpdateSchema>;

/**
 * The stored update's id: a digest of the message id, because WhatsApp ids
 * carry the sender's phone number and update ids end up in logs and job ids
 * (at most 64 characters). The message id itself stays in the payload.
 */
export function updateIdOf(messageId: string): string {
  return `wa_${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`;
}
