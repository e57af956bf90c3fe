import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileMediaStore, defaultMediaLimits } from '../../src/adapters/storage/media-store.js';
import { sniffMediaType } from '../../src/adapters/storage/sniff-media-type.js';
import { AppError } from '../../src/domain/errors.js';

// ---- fixtures, all made in memory -------------------------------------------

function solid(width: number, height: number, background = '#3366cc') {
  return sharp({ create: { width, height, channels: 3, background } });
}

/** A small PNG whose IHDR is patched to claim width × height (CRC fixed up), i.e. a decompression bomb. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await solid(1, 1).png().toBuffer());
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29); // CRC covers chunk type + 13 data bytes
  return png;
}

/** First page of an Ogg Opus stream: page header, one segment, and the 19-byte OpusHead packet. */
function oggOpusHead(): Buffer {
  const opusHead = Buffer.alloc(19);
  opusHead.write('OpusHead', 0, 'latin1');
  opusHead.writeUInt8(1, 8); // version
  opusHead.writeUInt8(1, 9); // mono
  opusHead.writeUInt16LE(312, 10); // pre-skip
  opusHead.writeUInt32LE(48_000, 12); // input sample rate
  const page = Buffer.alloc(27 + 1);
  page.write('OggS', 0, 'latin1');
  page.writeUInt8(0, 4); // stream structure version
  page.writeUInt8(0x02, 5); // beginning of stream
  page.writeUInt32LE(0x5741_5254, 14); // serial number
  page.writeUInt8(1, 26); // one segment
  page.writeUInt8(opusHead.length, 27);
  return Buffer.concat([page, opusHead]);
}

function ftyp(major: string, compatible: string[] = []): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return box;
}

/** A minimal 'hdlr' full box with the given handler type. */
function hdlr(handler: string): Buffer {
  const box = Buffer.alloc(33);
  box.writeUInt32BE(box.length, 0);
  box.write('hdlr', 4, 'latin1');
  box.write(handler, 16, 'latin1');
  return box;
}

const bytes = (...values: number[]) => Buffer.from(values);
const latin1 = (text: string) => Buffer.from(text, 'latin1');

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

// ---- sniffMediaType ---------------------------------------------------------

describe('sniffMediaType', () => {
  it('recognises images made by sharp from their bytes', async () => {
    const img = solid(8, 8);
    expect(sniffMediaType(await img.clone().jpeg().toBuffer())).toEqual({ mime: 'image/jpeg', category: 'image', extension: 'jpg' });
    expect(sniffMediaType(await img.clone().png().toBuffer())).toEqual({ mime: 'image/png', category: 'image', extension: 'png' });
    expect(sniffMediaType(await img.clone().webp().toBuffer())).toEqual({ mime: 'image/webp', category: 'image', extension: 'webp' });
    expect(sniffMediaType(await img.clone().avif().toBuffer())).toMatchObject({ mime: 'image/avif', category: 'image' });
  });

  it('rejects GIF on purpose', async () => {
    expect(sniffMediaType(await solid(8, 8).gif().toBuffer())).toBeNull();
    expect(sniffMediaType(latin1('GIF89a\x01\x00\x01\x00'))).toBeNull();
  });

  it('recognises HEIC and HEIF brands', () => {
    expect(sniffMediaType(ftyp('heic', ['mif1', 'heic']))).toEqual({ mime: 'image/heic', category: 'image', extension: 'heic' });
    expect(sniffMediaType(ftyp('heix'))).toMatchObject({ mime: 'image/heic' });
    expect(sniffMediaType(ftyp('mif1', ['mif1', 'heic']))).toMatchObject({ mime: 'image/heic', category: 'image' });
    expect(sniffMediaType(ftyp('msf1'))).toMatchObject({ mime: 'image/heif', category: 'image' });
  });

  it('recognises audio formats', () => {
    expect(sniffMediaType(oggOpusHead())).toEqual({ mime: 'audio/ogg', category: 'audio', extension: 'ogg' });
    expect(sniffMediaType(latin1('ID3\x04\x00\x00\x00\x00\x00\x00'))).toEqual({ mime: 'audio/mpeg', category: 'audio', extension: 'mp3' });
    expect(sniffMediaType(bytes(0xff, 0xfb, 0x90, 0x64))).toMatchObject({ mime: 'audio/mpeg' });
    expect(sniffMediaType(bytes(0xff, 0xf3, 0x84, 0x64))).toMatchObject({ mime: 'audio/mpeg' });
    expect(sniffMediaType(bytes(0xff, 0xf2, 0x84, 0x64))).toMatchObject({ mime: 'audio/mpeg' });
    expect(sniffMediaType(ftyp('M4A ', ['M4A ', 'mp42', 'isom']))).toEqual({ mime: 'audio/mp4', category: 'audio', extension: 'm4a' });
    expect(sniffMediaType(latin1('RIFF\x24\x00\x00\x00WAVEfmt '))).toEqual({ mime: 'audio/wav', category: 'audio', extension: 'wav' });
    expect(sniffMediaType(latin1('#!AMR\n\x3c'))).toEqual({ mime: 'audio/amr', category: 'audio', extension: 'amr' });
  });

  it('recognises video formats', () => {
    expect(sniffMediaType(ftyp('isom', ['isom', 'iso2', 'avc1', 'mp41']))).toEqual({ mime: 'video/mp4', category: 'video', extension: 'mp4' });
    expect(sniffMediaType(ftyp('mp42'))).toMatchObject({ mime: 'video/mp4' });
    expect(sniffMediaType(ftyp('3gp4', ['3gp4', 'isom']))).toMatchObject({ mime: 'video/mp4', category: 'video' });
    expect(sniffMediaType(ftyp('qt  ', ['qt  ']))).toEqual({ mime: 'video/quicktime', category: 'video', extension: 'mov' });
    const ebml = bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, ...latin1('webm'));
    expect(sniffMediaType(ebml)).toEqual({ mime: 'video/webm', category: 'video', extension: 'webm' });
  });

  it('tells a sound-only MP4 from a video when the track handlers are in the buffer', () => {
    const soundOnly = Buffer.concat([ftyp('mp42', ['isom']), latin1('\x00\x00\x00\x08moov'), hdlr('soun')]);
    expect(sniffMediaType(soundOnly)).toMatchObject({ mime: 'audio/mp4', category: 'audio' });
    const withVideo = Buffer.concat([ftyp('mp42', ['isom']), hdlr('vide'), hdlr('soun')]);
    expect(sniffMediaType(withVideo)).toMatchObject({ mime: 'video/mp4', category: 'video' });
  });

  it('returns null for everything else', () => {
    expect(sniffMediaType(latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'))).toBeNull();
    expect(sniffMediaType(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00))).toBeNull(); // zip, docx
    expect(sniffMediaType(latin1('MZ\x90\x00\x03\x00\x00\x00'))).toBeNull(); // exe
    expect(sniffMediaType(Buffer.from('Rapat koordinasi di kantor bupati, 12 November'))).toBeNull();
    expect(sniffMediaType(latin1('RIFF\x00\x00\x00\x00AVI LIST'))).toBeNull();
    expect(sniffMediaType(ftyp('jp2 '))).toBeNull();
    expect(sniffMediaType(bytes(0xff, 0xf1, 0x50, 0x80))).toBeNull(); // ADTS AAC, not MP3
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
    expect(sniffMediaType(bytes(0xff))).toBeNull();
  });
});

// ---- createFileMediaStore ---------------------------------------------------

describe('createFileMediaStore', () => {
  let mediaDir: string;

  beforeEach(async () => {
    mediaDir = await mkdtemp(path.join(tmpdir(), 'warta-media-'));
  });
  afterEach(async () => {
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('has the documented defaults', () => {
    expect(defaultMediaLimits).toEqual({
      imageBytes: 20 * 1024 * 1024,
      audioBytes: 20 * 1024 * 1024,
      videoBytes: 20 * 1024 * 1024,
      maxInputPixels: 50_000_000,
      webMaxWidth: 1600,
    });
  });

  it('applies EXIF orientation to dimensions and the web JPEG, and strips metadata', async () => {
    const input = await solid(300, 200)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Copyright: 'Prokopim' }, IFD3: { GPSLatitudeRef: 'S' } })
      .toBuffer();
    const before = await sharp(input).metadata();
    expect([before.width, before.height, before.orientation]).toEqual([300, 200, 6]);
    expect(before.exif).toBeDefined();

    const store = createFileMediaStore({ mediaDir });
    const stored = await store.store(input);

    expect(stored).toMatchObject({ mime: 'image/jpeg', sizeBytes: input.length, width: 200, height: 300, durationSec: null, alreadyStored: false });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.storagePath).toBe(`originals/${stored.sha256.slice(0, 2)}/${stored.sha256}.jpg`);
    expect(stored.webPath).toBe(`web/${stored.sha256.slice(0, 2)}/${stored.sha256}.jpg`);
    expect(await readFile(store.absolutePath(stored.storagePath))).toEqual(input);

    const web = await sharp(await readFile(store.absolutePath(stored.webPath!))).metadata();
    expect(web).toMatchObject({ format: 'jpeg', width: 200, height: 300 });
    expect(web.orientation).toBeUndefined();
    expect(web.exif).toBeUndefined();
    expect(web.xmp).toBeUndefined();
  });

  it('stores a PNG and flattens its web JPEG', async () => {
    const input = await sharp({ create: { width: 120, height: 80, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const store = createFileMediaStore({ mediaDir });
    const stored = await store.store(input);
    expect(stored).toMatchObject({ mime: 'image/png', width: 120, height: 80 });
    expect(stored.storagePath.endsWith('.png')).toBe(true);
    const web = sharp(await readFile(store.absolutePath(stored.webPath!)));
    expect(await web.metadata()).toMatchObject({ format: 'jpeg', width: 120, height: 80 });
    // Transparent became white, not black.
    const { channels } = await web.stats();
    expect(channels[0]!.mean).toBeGreaterThan(250);
  });

  it('resizes a large photo to the web width without enlarging small ones', async () => {
    const store = createFileMediaStore({ mediaDir });
    const big = await store.store(await solid(4000, 3000).jpeg().toBuffer());
    expect([big.width, big.height]).toEqual([4000, 3000]);
    expect(await sharp(store.absolutePath(big.webPath!)).metadata()).toMatchObject({ width: 1600, height: 1200 });

    const small = await store.store(await solid(640, 480, '#112233').jpeg().toBuffer());
    expect(await sharp(store.absolutePath(small.webPath!)).metadata()).toMatchObject({ width: 640, height: 480 });
  });

  it('stores the same content once', async () => {
    const input = await solid(50, 40).jpeg().toBuffer();
    const store = createFileMediaStore({ mediaDir });
    const first = await store.store(input);
    const second = await store.store(input);
    expect(first.alreadyStored).toBe(false);
    expect(second).toEqual({ ...first, alreadyStored: true });

    const shardDir = path.join(mediaDir, 'originals', first.sha256.slice(0, 2));
    expect((await readdir(shardDir)).sort()).toEqual([`${first.sha256}.jpg`, `${first.sha256}.json`]);
  });

  it('lets concurrent stores of the same content both succeed with one file', async () => {
    const input = await solid(64, 64, '#884422').png().toBuffer();
    const store = createFileMediaStore({ mediaDir });
    const sameProcess = await Promise.all([store.store(input), store.store(input)]);
    expect(sameProcess.map((s) => s.alreadyStored).sort()).toEqual([false, true]);

    // Two stores over one directory stand in for two processes.
    const otherDir = await mkdtemp(path.join(tmpdir(), 'warta-media-'));
    try {
      const [a, b] = [createFileMediaStore({ mediaDir: otherDir }), createFileMediaStore({ mediaDir: otherDir })];
      const results = await Promise.all([a.store(input), b.store(input), a.store(input), b.store(input)]);
      expect(new Set(results.map((r) => r.storagePath)).size).toBe(1);
      const sha = results[0]!.sha256;
      const shardDir = path.join(otherDir, 'originals', sha.slice(0, 2));
      expect((await readdir(shardDir)).sort()).toEqual([`${sha}.json`, `${sha}.png`]); // no temp files left
      expect(await readdir(path.join(otherDir, 'web', sha.slice(0, 2)))).toEqual([`${sha}.jpg`]);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('finishes a store that crashed before the sidecar was written', async () => {
    const input = await solid(30, 20).jpeg().toBuffer();
    const store = createFileMediaStore({ mediaDir });
    const first = await store.store(input);
    const sidecar = path.join(mediaDir, 'originals', first.sha256.slice(0, 2), `${first.sha256}.json`);

    await unlink(sidecar);
    expect(await store.store(input)).toEqual(first);
    await writeFile(sidecar, '{"sha256": "trunc');
    expect(await store.store(input)).toEqual(first);
    expect(await store.store(input)).toEqual({ ...first, alreadyStored: true });
  });

  it('rejects a PDF or text as UNSUPPORTED whatever it claims to be, writing nothing', async () => {
    const store = createFileMediaStore({ mediaDir });
    const pdf = await rejection(store.store(latin1('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')));
    expect(pdf.code).toBe('UNSUPPORTED');
    expect(pdf.details).toEqual({ detected: null });
    const text = await rejection(store.store(Buffer.from('foto.jpg')));
    expect(text.code).toBe('UNSUPPORTED');
    expect(await readdir(mediaDir)).toEqual([]);
  });

  it('rejects an image sharp cannot decode as UNSUPPORTED', async () => {
    const store = createFileMediaStore({ mediaDir });
    const corrupt = Buffer.concat([bytes(0xff, 0xd8, 0xff, 0xe0), Buffer.from('not really a jpeg '.repeat(20))]);
    const error = await rejection(store.store(corrupt));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.details).toMatchObject({ detected: 'image/jpeg' });

    const whole = await solid(300, 200).jpeg().toBuffer();
    expect((await rejection(store.store(whole.subarray(0, whole.length >> 1)))).code).toBe('UNSUPPORTED');
    expect(await readdir(mediaDir)).toEqual([]);
  });

  it('rejects a decompression bomb from its header as TOO_LARGE', async () => {
    const bomb = await pngClaiming(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const store = createFileMediaStore({ mediaDir });
    // Refused from the header: decoding 900 million pixels would take gigabytes.
    const error = await rejection(store.store(bomb));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/pixels/);
    expect(error.details).toMatchObject({ limitPixels: 50_000_000 });
    expect(await readdir(mediaDir)).toEqual([]);

    // Under sharp's built-in default (268 Mpx) but over ours: the configured limit applies.
    const moderate = await rejection(store.store(await pngClaiming(10_000, 10_000)));
    expect(moderate.code).toBe('TOO_LARGE');
  });

  it('rejects a file over its category limit with the limit in MB', async () => {
    const store = createFileMediaStore({ mediaDir, limits: { imageBytes: 1000 } });
    const input = await solid(200, 200).png({ compressionLevel: 0 }).toBuffer();
    expect(input.length).toBeGreaterThan(1000);
    const error = await rejection(store.store(input));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.details).toMatchObject({ limitBytes: 1000, sizeBytes: input.length });
    expect(typeof error.details.limitMb).toBe('number');

    const defaults = createFileMediaStore({ mediaDir, limits: { audioBytes: 10 } });
    const audio = await rejection(defaults.store(oggOpusHead()));
    expect(audio.details).toMatchObject({ limitBytes: 10 });
    const large = await rejection(createFileMediaStore({ mediaDir }).store(Buffer.concat([oggOpusHead(), Buffer.alloc(20 * 1024 * 1024)])));
    expect(large.details).toMatchObject({ limitMb: 20 });
  });

  it('stores an OGG Opus voice note without decoding it', async () => {
    const store = createFileMediaStore({ mediaDir });
    const voice = oggOpusHead();
    const stored = await store.store(voice, { durationSec: 7.5 });
    expect(stored).toMatchObject({ mime: 'audio/ogg', width: null, height: null, durationSec: 7.5, webPath: null, alreadyStored: false });
    expect(stored.storagePath).toMatch(/^originals\/[0-9a-f]{2}\/[0-9a-f]{64}\.ogg$/);
    expect(await readFile(store.absolutePath(stored.storagePath))).toEqual(voice);

    const again = await store.store(voice);
    expect(again).toMatchObject({ durationSec: 7.5, alreadyStored: true });
  });

  it('stores video without decoding it', async () => {
    const store = createFileMediaStore({ mediaDir });
    const stored = await store.store(Buffer.concat([ftyp('isom', ['isom', 'avc1']), hdlr('vide')]));
    expect(stored).toMatchObject({ mime: 'video/mp4', width: null, height: null, durationSec: null, webPath: null });
    expect(stored.storagePath.endsWith('.mp4')).toBe(true);
  });

  it('resolves paths under the media directory and refuses escapes', () => {
    const store = createFileMediaStore({ mediaDir });
    expect(store.absolutePath('originals/ab/x.jpg')).toBe(path.join(mediaDir, 'originals', 'ab', 'x.jpg'));
    for (const bad of ['../etc/passwd', 'originals/../../x', '/etc/passwd', '', '.', 'a\0b']) {
      expect(() => store.absolutePath(bad), bad).toThrowError(AppError);
    }
  });
});
