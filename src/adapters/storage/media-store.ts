import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { MediaCategory, MediaStore, StoredMedia } from '../../pipeline/ports/media-store.js';
import { sniffMediaType, type SniffedType } from './sniff-media-type.js';

export interface MediaLimits {
  imageBytes: number;
  audioBytes: number;
  videoBytes: number;
  /** Decoded width × height above which an image is refused (decompression bombs). */
  maxInputPixels: number;
  webMaxWidth: number;
}

const MB = 1024 * 1024;

// 20 MB matches what Telegram's getFile will hand us anyway.
export const defaultMediaLimits: MediaLimits = {
  imageBytes: 20 * MB,
  audioBytes: 20 * MB,
  videoBytes: 20 * MB,
  maxInputPixels: 50_000_000,
  webMaxWidth: 1600,
};

const WEB_JPEG_QUALITY = 82;

/** What the sidecar JSON next to an original holds; it is written last, so it marks a complete store. */
const sidecarSchema = z.object({
  sha256: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  durationSec: z.number().nonnegative().nullable(),
  storagePath: z.string(),
  webPath: z.string().nullable(),
});
type Sidecar = z.infer<typeof sidecarSchema>;

/**
 * Content-addressed media store on the local disk:
 *   originals/<2 hex>/<sha256>.<ext>   the bytes as received
 *   originals/<2 hex>/<sha256>.json    metadata sidecar
 *   web/<2 hex>/<sha256>.jpg           web-size JPEG of an image, without metadata
 */
export function createFileMediaStore(options: { mediaDir: string; limits?: Partial<MediaLimits> }): MediaStore {
  const root = path.resolve(options.mediaDir);
  const limits: MediaLimits = { ...defaultMediaLimits, ...options.limits };
  // Same content stored twice at once in this process: the second call waits for the first.
  const inFlight = new Map<string, Promise<StoredMedia>>();

  function absolutePath(relativePath: string): string {
    const resolved = path.resolve(root, relativePath);
    const relative = path.relative(root, resolved);
    if (relativePath.includes('\0') || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new AppError('VALIDATION', 'Media path escapes the media directory', { relativePath });
    }
    return resolved;
  }

  async function store(content: Buffer, hints?: { durationSec?: number }): Promise<StoredMedia> {
    const type = sniffMediaType(content);
    if (!type) throw new AppError('UNSUPPORTED', 'Unsupported media type', { detected: null });

    const limitBytes = limitFor(type.category, limits);
    if (content.length > limitBytes) {
      throw new AppError('TOO_LARGE', `Media of ${content.length} bytes exceeds the ${type.category} limit of ${limitBytes} bytes`, {
        limitBytes,
        limitMb: Math.round((limitBytes / MB) * 100) / 100,
        sizeBytes: content.length,
        category: type.category,
      });
    }

    const sha256 = createHash('sha256').update(content).digest('hex');
    const durationSec = type.category === 'image' ? null : validDuration(hints?.durationSec);

    const pending = inFlight.get(sha256);
    if (pending) {
      const first = await pending;
      return { ...first, durationSec: durationSec ?? first.durationSec, alreadyStored: true };
    }
    const work = storeOnce(content, type, sha256, durationSec);
    inFlight.set(sha256, work);
    try {
      return await work;
    } finally {
      inFlight.delete(sha256);
    }
  }

  async function storeOnce(
    content: Buffer,
    type: SniffedType,
    sha256: string,
    durationSec: number | null,
  ): Promise<StoredMedia> {
    const shard = sha256.slice(0, 2);
    const storagePath = `originals/${shard}/${sha256}.${type.extension}`;
    const sidecarPath = `originals/${shard}/${sha256}.json`;

    const existing = await readCompleteSidecar(sidecarPath, sha256);
    if (existing) {
      return { ...existing, durationSec: durationSec ?? existing.durationSec, alreadyStored: true };
    }

    // Decode before writing anything, so a bad image leaves no trace on disk.
    let image: { width: number; height: number; web: Buffer } | null = null;
    if (type.category === 'image') image = await processImage(content, type, limits);
    const webPath = image ? `web/${shard}/${sha256}.jpg` : null;

    // Order matters: the sidecar goes last, so its presence means the rest is there.
    // Names are content hashes and files only appear by rename, so an existing file is complete.
    if (image && webPath) await writeOnce(absolutePath(webPath), image.web);
    await writeOnce(absolutePath(storagePath), content);
    const sidecar: Sidecar = {
      sha256,
      mime: type.mime,
      sizeBytes: content.length,
      width: image?.width ?? null,
      height: image?.height ?? null,
      durationSec,
      storagePath,
      webPath,
    };
    await writeAtomic(absolutePath(sidecarPath), Buffer.from(JSON.stringify(sidecar)));
    return { ...sidecar, alreadyStored: false };
  }

  /** The sidecar, when it and the files it names are all present; otherwise null (store again). */
  async function readCompleteSidecar(sidecarPath: string, sha256: string): Promise<Sidecar | null> {
    let raw: string;
    try {
      raw = await readFile(absolutePath(sidecarPath), 'utf8');
    } catch {
      return null;
    }
    // A hand-edited or foreign sidecar is not trusted: the store is simply done again.
    const parsed = sidecarSchema.safeParse(parseJson(raw));
    if (!parsed.success || parsed.data.sha256 !== sha256) return null;
    const files = [parsed.data.storagePath, ...(parsed.data.webPath ? [parsed.data.webPath] : [])];
    const present = await Promise.all(files.map((file) => exists(absolutePath(file))));
    return present.every(Boolean) ? parsed.data : null;
  }

  return { store, absolutePath };
}

function limitFor(category: MediaCategory, limits: MediaLimits): number {
  switch (category) {
    case 'image':
      return limits.imageBytes;
    case 'audio':
      return limits.audioBytes;
    case 'video':
      return limits.videoBytes;
  }
}

function validDuration(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Reads oriented dimensions and renders the web JPEG. The pixel count is checked
 * from the header before any decoding, so a small file claiming a huge canvas is
 * refused without allocating it; sharp's own limit is a second guard.
 */
async function processImage(
  content: Buffer,
  type: SniffedType,
  limits: MediaLimits,
): Promise<{ width: number; height: number; web: Buffer }> {
  // 'error' refuses truncated and corrupt data but tolerates the harmless warnings phone JPEGs often carry.
  const input = { limitInputPixels: limits.maxInputPixels, failOn: 'error' } as const;
  const undecodable = (cause: unknown): AppError =>
    new AppError('UNSUPPORTED', `Image could not be decoded as ${type.mime}`, { detected: type.mime }, { cause });

  let meta: Metadata;
  try {
    meta = await sharp(content, input).metadata();
  } catch (cause) {
    throw isPixelLimitError(cause) ? tooManyPixels(null, limits, cause) : undecodable(cause);
  }
  if (!meta.width || !meta.height) throw undecodable(new Error('no dimensions in header'));
  if (meta.width * meta.height > limits.maxInputPixels) throw tooManyPixels(meta.width * meta.height, limits);

  // Orientations 5-8 turn the picture a quarter, so width and height trade places.
  const quarterTurn = (meta.orientation ?? 1) >= 5;
  const width = quarterTurn ? meta.height : meta.width;
  const height = quarterTurn ? meta.width : meta.height;

  try {
    const web = await sharp(content, input)
      .rotate() // apply EXIF orientation; the output carries no orientation tag
      .resize({ width: limits.webMaxWidth, withoutEnlargement: true })
      .flatten({ background: '#ffffff' }) // JPEG has no alpha; transparent PNGs would turn black
      .jpeg({ quality: WEB_JPEG_QUALITY, progressive: true })
      .toBuffer(); // sharp drops EXIF (GPS included), XMP and IPTC unless asked to keep them
    return { width, height, web };
  } catch (cause) {
    throw isPixelLimitError(cause) ? tooManyPixels(width * height, limits, cause) : undecodable(cause);
  }
}

function isPixelLimitError(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

function tooManyPixels(pixels: number | null, limits: MediaLimits, cause?: unknown): AppError {
  return new AppError(
    'TOO_LARGE',
    `Image exceeds the limit of ${limits.maxInputPixels} pixels`,
    { limitPixels: limits.maxInputPixels, pixels },
    { cause },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function writeOnce(file: string, data: Buffer): Promise<void> {
  if (!(await exists(file))) await writeAtomic(file, data);
}

/**
 * Writes through a temp file in the same directory and renames it into place,
 * so readers (and a crash) never see half a file. Concurrent writers of the
 * same content both succeed; the last rename wins with identical bytes.
 */
async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
