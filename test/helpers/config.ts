import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.js';
import { testRedisUrl } from './redis.js';

/** A config for a test: port 0, quiet logs, a media folder of its own. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/warta_unused',
    REDIS_URL: testRedisUrl,
    PORT: '0',
    LOG_LEVEL: 'silent',
    MEDIA_DIR: join(mkdtempSync(join(tmpdir(), 'warta-media-')), 'media'),
    ...overrides,
  });
}
