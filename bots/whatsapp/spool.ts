import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Media a WhatsApp message carried is downloaded by the whatsapp role the
// moment it arrives (WhatsApp's media links expire) and kept here until the
// worker's fetch-media job moves it into the media store. The role and the
// workers must share MEDIA_DIR.

export function spoolDir(mediaDir: string): string {
  return join(mediaDir, 'incoming');
}

/** A name derived from the message id: the same message always lands in the same file. */
export function spoolName(messageId: string): string {
  return `${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}.bin`;
}

export const spoolNamePattern = /^[a-f0-9]{32}\.bin$/;

/** Writes the file whole or not at all (a reader never sees half a file). */
export async function writeSpool(dir: string, name: string, content: Buffer): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temporary, content);
  await rename(temporary, join(dir, name));
}

/** Deletes spool files older than `maxAgeMs` (media of unregistered senders, or already stored). */
export async function pruneSpool(dir: string, maxAgeMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    try {
      const info = await stat(path);
      if (info.isFile() && now - info.mtimeMs > maxAgeMs) {
        await rm(path, { force: true });
        removed += 1;
      }
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}
