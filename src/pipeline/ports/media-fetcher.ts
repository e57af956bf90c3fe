import type { InboundMedia } from '../../domain/inbound-message.js';

/**
 * Fetches a file a message carried from its channel. Rejects with
 * AppError('TOO_LARGE', …, { limitMb }) when the channel or our limit refuses
 * it, AppError('UNAVAILABLE') when worth retrying.
 */
export interface MediaFetcher {
  fetch(media: InboundMedia, maxBytes: number): Promise<Buffer>;
}
