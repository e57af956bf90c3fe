import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  it('fills in the defaults of the operator contract', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/warta');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.TIMEZONE).toBe('Asia/Makassar');
    expect(config.MEDIA_DIR).toBe('./data/media');
    expect(config.ROLE).toBe('all');
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.BUNDLE_IDLE_SECONDS).toBe(180);
    expect(config.REMINDER_HOUR).toBe(9);
    expect(config.WHATSAPP_ENABLED).toBe(false);
    expect(config.CHROMIUM_PATH).toBe('/usr/bin/chromium');
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: '', PUBLIC_URL: '', PORT: '' });
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.PUBLIC_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrowError(/PORT/);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'abc', TIMEZONE: 'Mars/Olympus', ROLE: 'chef', WORDPRESS_URL: 'https://wp.example', REDIS_URL: 'http://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const variable of ['PORT', 'TIMEZONE', 'ROLE', 'WORDPRESS_USER', 'WORDPRESS_APP_PASSWORD', 'REDIS_URL']) {
        expect(problems).toContain(variable);
      }
    }
  });

  it('parses flags and numbers', () => {
    const config = loadConfig({ WHATSAPP_ENABLED: 'true', BUNDLE_IDLE_SECONDS: '60', ROLE: 'worker', TELEGRAM_BOT_TOKEN: '123:abc-DEF_ghi' });
    expect(config.WHATSAPP_ENABLED).toBe(true);
    expect(config.BUNDLE_IDLE_SECONDS).toBe(60);
    expect(config.ROLE).toBe('worker');
  });
});
