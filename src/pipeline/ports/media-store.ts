/** What the media store knows about a stored file. */
export interface StoredMedia {
  sha256: string;
  mime: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  durationSec: number | null;
  /** Relative to MEDIA_DIR. */
  storagePath: string;
  /** Web-size derivative of an image, relative to MEDIA_DIR; null for other media. */
  webPath: string | null;
  /** Whether this exact content was already stored before. */
  alreadyStored: boolean;
}

export type MediaCategory = 'image' | 'audio' | 'video';

/**
 * Stores files by content: checks the real type from magic bytes, writes each
 * distinct content once, makes web-size images. Rejects with AppError
 * ('UNSUPPORTED' for types we do not take, 'TOO_LARGE' for sizes over the limit).
 */
export interface MediaStore {
  store(content: Buffer, hints?: { durationSec?: number }): Promise<StoredMedia>;
  /** Absolute path of a stored file. */
  absolutePath(relativePath: string): string;
}
