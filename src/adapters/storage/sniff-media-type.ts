import type { MediaCategory } from '../../pipeline/ports/media-store.js';

export interface SniffedType {
  mime: string;
  category: MediaCategory;
  extension: string;
}

/**
 * Detects the media type from magic bytes only. File names and declared mime
 * types come from the sender and are never trusted.
 *
 * Accepted: JPEG, PNG, WebP, HEIC/HEIF, AVIF; OGG, MP3, M4A, WAV, AMR;
 * MP4/3GP, QuickTime, WebM/Matroska. Everything else returns null.
 *
 * GIF is rejected on purpose: what arrives as GIF from chat apps is stickers and
 * animations, not news photos (Telegram already sends real animations as MP4).
 *
 * `head` may be the first few hundred bytes or the whole file. With the whole
 * file, an MP4 whose only track is sound is recognised as audio (see `isoBmff`).
 */
export function sniffMediaType(head: Buffer): SniffedType | null {
  const ascii = (start: number, end: number): string => head.toString('latin1', start, end);
  const startsWith = (bytes: readonly number[], offset = 0): boolean =>
    head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

  // Images
  if (startsWith([0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', category: 'image', extension: 'jpg' };
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { mime: 'image/png', category: 'image', extension: 'png' };
  }
  if (ascii(0, 4) === 'RIFF') {
    const form = ascii(8, 12);
    if (form === 'WEBP') return { mime: 'image/webp', category: 'image', extension: 'webp' };
    if (form === 'WAVE') return { mime: 'audio/wav', category: 'audio', extension: 'wav' };
    return null; // AVI and other RIFF forms
  }
  if (ascii(4, 8) === 'ftyp') return isoBmff(head);

  // Audio
  if (ascii(0, 4) === 'OggS') {
    // Opus voice notes (WhatsApp ptt, Telegram voice) and Vorbis; Ogg video is too rare to tell apart.
    return { mime: 'audio/ogg', category: 'audio', extension: 'ogg' };
  }
  if (ascii(0, 9) === '#!AMR-WB\n') return { mime: 'audio/amr-wb', category: 'audio', extension: 'amr' };
  if (ascii(0, 6) === '#!AMR\n') return { mime: 'audio/amr', category: 'audio', extension: 'amr' };
  if (ascii(0, 3) === 'ID3' || isMp3FrameHeader(head)) {
    return { mime: 'audio/mpeg', category: 'audio', extension: 'mp3' };
  }

  // Video
  if (startsWith([0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML header; the DocType near the start says WebM or Matroska.
    const docType = head.subarray(0, 64).includes('matroska', 0, 'latin1') ? 'matroska' : 'webm';
    return docType === 'webm'
      ? { mime: 'video/webm', category: 'video', extension: 'webm' }
      : { mime: 'video/x-matroska', category: 'video', extension: 'mkv' };
  }

  return null;
}

/** MPEG audio Layer III frame header: 11 sync bits, a valid version, layer III, valid bitrate and rate. */
function isMp3FrameHeader(head: Buffer): boolean {
  const [b0, b1, b2] = [head[0], head[1], head[2]];
  if (b0 === undefined || b1 === undefined || b2 === undefined) return false;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 0b11; // 01 is reserved
  const layer = (b1 >> 1) & 0b11; // 01 is layer III; ADTS AAC has 00 here
  const bitrate = b2 >> 4; // 1111 is invalid
  const sampleRate = (b2 >> 2) & 0b11; // 11 is reserved
  return version !== 0b01 && layer === 0b01 && bitrate !== 0b1111 && sampleRate !== 0b11;
}

const heicBrands = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const heifBrands = new Set(['mif1', 'msf1']);
const avifBrands = new Set(['avif', 'avis']);
const m4aBrands = new Set(['M4A ', 'M4B ']);
const mp4Brands = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'MSNV', 'f4v ']);

/** ISO base media file (ftyp box): HEIF family, MP4/M4A/3GP, QuickTime. */
function isoBmff(head: Buffer): SniffedType | null {
  const major = head.toString('latin1', 8, 12);
  const declaredSize = head.readUInt32BE(0);
  const boxEnd = Math.min(head.length, declaredSize >= 16 && declaredSize <= 4096 ? declaredSize : 16);
  const compatible: string[] = [];
  for (let i = 16; i + 4 <= boxEnd; i += 4) compatible.push(head.toString('latin1', i, i + 4));
  const brands = [major, ...compatible];

  // HEIF containers list image brands; a still image is decided by the major brand
  // first, because MP4 files may also list e.g. 'mif1' among compatible brands.
  if (avifBrands.has(major)) return { mime: 'image/avif', category: 'image', extension: 'avif' };
  if (heicBrands.has(major)) return { mime: 'image/heic', category: 'image', extension: 'heic' };
  if (heifBrands.has(major)) {
    if (compatible.some((b) => avifBrands.has(b))) return { mime: 'image/avif', category: 'image', extension: 'avif' };
    if (compatible.some((b) => heicBrands.has(b))) return { mime: 'image/heic', category: 'image', extension: 'heic' };
    return { mime: 'image/heif', category: 'image', extension: 'heif' };
  }

  if (major === 'qt  ') return { mime: 'video/quicktime', category: 'video', extension: 'mov' };
  if (m4aBrands.has(major)) return { mime: 'audio/mp4', category: 'audio', extension: 'm4a' };
  if (brands.some((b) => mp4Brands.has(b) || b.startsWith('3gp') || b.startsWith('3g2'))) {
    // Phone recorders write sound-only files with generic brands (isom, mp42, 3gp4);
    // when the track handlers are in the buffer, they decide.
    return hasHandler(head, 'soun') && !hasHandler(head, 'vide')
      ? { mime: 'audio/mp4', category: 'audio', extension: 'm4a' }
      : { mime: 'video/mp4', category: 'video', extension: 'mp4' };
  }
  return null; // other ftyp brands: JPEG 2000, camera raw, ...
}

/** Whether an 'hdlr' box with this handler type occurs (its type sits 8 bytes after the box name). */
function hasHandler(buffer: Buffer, handler: 'soun' | 'vide'): boolean {
  for (let at = buffer.indexOf('hdlr', 0, 'latin1'); at !== -1; at = buffer.indexOf('hdlr', at + 4, 'latin1')) {
    if (buffer.toString('latin1', at + 12, at + 16) === handler) return true;
  }
  return false;
}
