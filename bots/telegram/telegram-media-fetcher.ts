import { Telegram } from 'telegraf';
import { AppError } from '../../src/domain/errors.js';
import type { InboundMedia } from '../../src/domain/inbound-message.js';
import type { MediaFetcher } from '../../src/pipeline/ports/media-fetcher.js';

/** Telegram's getFile refuses files over 20 MB for bots. */
export const telegramDownloadLimitBytes = 20 * 1024 * 1024;

const mb = (bytes: number) => Math.floor(bytes / 1024 / 1024);

/** Downloads files through getFile and the Bot API file endpoint under TELEGRAM_API_ROOT. */
export function createTelegramMediaFetcher(deps: { token: string; apiRoot: string; timeoutMs?: number }): MediaFetcher {
  const telegram = new Telegram(deps.token, { apiRoot: deps.apiRoot });
  const apiRoot = deps.apiRoot.replace(/\/+$/, '');

  return {
    async fetch(media: InboundMedia, maxBytes: number): Promise<Buffer> {
      const limit = Math.min(maxBytes, telegramDownloadLimitBytes);
      if (media.declaredSize !== null && media.declaredSize > limit) {
        throw new AppError('TOO_LARGE', 'file over the download limit', { limitMb: mb(limit), sizeBytes: media.declaredSize });
      }
      let file;
      try {
        file = await telegram.getFile(media.fileRef);
      } catch (error) {
        const description = String((error as { description?: string }).description ?? '');
        if (/file is too big/i.test(description)) throw new AppError('TOO_LARGE', 'Telegram refused: file is too big', { limitMb: mb(telegramDownloadLimitBytes) });
        const code = (error as { code?: number }).code;
        if (code === 400) throw new AppError('VALIDATION', `getFile refused: ${description}`);
        throw new AppError('UNAVAILABLE', `getFile failed: ${description || (error as Error).message}`);
      }
      if (file.file_size !== undefined && file.file_size > limit) {
        throw new AppError('TOO_LARGE', 'file over the download limit', { limitMb: mb(limit), sizeBytes: file.file_size });
      }
      if (!file.file_path) throw new AppError('UNAVAILABLE', 'getFile returned no file_path');

      // The URL carries the token: it is built here and never logged.
      const url = `${apiRoot}/file/bot${deps.token}/${file.file_path}`;
      let response: Response;
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(deps.timeoutMs ?? 60_000) });
      } catch (error) {
        throw new AppError('UNAVAILABLE', `file download failed: ${(error as Error).name}`);
      }
      if (!response.ok || !response.body) {
        throw new AppError(response.status >= 500 || response.status === 429 ? 'UNAVAILABLE' : 'VALIDATION', `file download answered ${response.status}`);
      }
      // Count bytes as they arrive: never trust a declared size.
      const chunks: Buffer[] = [];
      let received = 0;
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        received += chunk.byteLength;
        if (received > limit) throw new AppError('TOO_LARGE', 'file over the download limit', { limitMb: mb(limit), sizeBytes: received });
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    },
  };
}
