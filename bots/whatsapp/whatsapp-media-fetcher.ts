import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../src/domain/errors.js';
import type { InboundMedia } from '../../src/domain/inbound-message.js';
import type { MediaFetcher } from '../../src/pipeline/ports/media-fetcher.js';
import { spoolDir, spoolNamePattern } from './spool.js';

const mb = (bytes: number) => Math.floor(bytes / 1024 / 1024);

/**
 * Reads the file the whatsapp role downloaded when the message arrived. A
 * download that already failed there cannot succeed here: that is a
 * NOT_FOUND (not retried), and the contributor is asked to send it again.
 */
export function createWhatsAppMediaFetcher(deps: { mediaDir: string }): MediaFetcher {
  const dir = spoolDir(deps.mediaDir);
  return {
    async fetch(media: InboundMedia, maxBytes: number): Promise<Buffer> {
      if (media.declaredSize !== null && media.declaredSize > maxBytes) {
        throw new AppError('TOO_LARGE', 'file over the size limit', { limitMb: mb(maxBytes), sizeBytes: media.declaredSize });
      }
      if (media.fileRef === 'error:too-large') throw new AppError('TOO_LARGE', 'file over the size limit', { limitMb: mb(maxBytes) });
      if (media.fileRef.startsWith('error:')) {
        throw new AppError('NOT_FOUND', 'WhatsApp media could not be downloaded when the message arrived', { resend: true });
      }
      const name = media.fileRef.replace(/^spool:/, '');
      if (!media.fileRef.startsWith('spool:') || !spoolNamePattern.test(name)) {
        throw new AppError('VALIDATION', 'not a WhatsApp spool reference');
      }
      const path = join(dir, name);
      try {
        const info = await stat(path);
        if (info.size > maxBytes) throw new AppError('TOO_LARGE', 'file over the size limit', { limitMb: mb(maxBytes), sizeBytes: info.size });
        return await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          // Pruned, or the whatsapp role writes to another MEDIA_DIR than this worker reads.
          throw new AppError('NOT_FOUND', `WhatsApp spool file ${name} is missing (is MEDIA_DIR shared with the whatsapp role?)`, { resend: true });
        }
        throw error;
      }
    },
  };
}
