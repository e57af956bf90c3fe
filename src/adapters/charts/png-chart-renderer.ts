import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ChartRenderer } from '../../pipeline/ports/reminders.js';

/** Renders chart SVGs to PNG files under `<dir>` (MEDIA_DIR/digests in production). */
export function createPngChartRenderer(deps: { dir: string }): ChartRenderer {
  return {
    async renderPng(svg, name) {
      await mkdir(deps.dir, { recursive: true });
      const safeName = name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80) || 'chart';
      const path = join(deps.dir, `${safeName}.png`);
      // Our own SVG, but its size grows with the number of agencies: keep sharp's pixel guard.
      const png = await sharp(Buffer.from(svg, 'utf8'), { limitInputPixels: 50_000_000 }).png().toBuffer();
      await writeFile(path, png);
      return path;
    },
  };
}
