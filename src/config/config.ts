import { z } from 'zod';

// Empty strings in an env file mean "not set": treat them like absent values
// so that `TELEGRAM_BOT_TOKEN=` in .env.example does not switch Telegram on.
const optionalString = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().optional(),
);

const optionalUrl = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.url().optional(),
);

const booleanFlag = z.preprocess((value) => {
  if (value === undefined || value === '') return false;
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
  return value;
}, z.boolean());

function integerInRange(defaultValue: number, min: number, max: number) {
  return z.preprocess(
    (value) => (value === undefined || value === '' ? defaultValue : value),
    z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(min)
      .max(max),
  );
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const roles = ['all', 'web', 'worker', 'whatsapp'] as const;
export type Role = (typeof roles)[number];

export const configSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .default('postgresql://postgres@127.0.0.1:5432/warta')
      .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgresql:// URL'),
    REDIS_URL: z
      .string()
      .default('redis://127.0.0.1:6379')
      .refine((url) => /^rediss?:\/\//.test(url), 'must be a redis:// URL'),
    PORT: integerInRange(3000, 0, 65535),
    PUBLIC_URL: optionalUrl,
    TIMEZONE: z
      .string()
      .default('Asia/Makassar')
      .refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Makassar'),
    MEDIA_DIR: z.string().min(1).default('./data/media'),
    ROLE: z.preprocess(
      (value) => (value === undefined || value === '' ? 'all' : value),
      z.enum(roles, { error: `must be one of ${roles.join(', ')}` }),
    ),
    LOG_LEVEL: z.preprocess(
      (value) => (value === undefined || value === '' ? 'info' : value),
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    ),

    TELEGRAM_BOT_TOKEN: optionalString.refine(
      (token) => token === undefined || /^\d+:[\w-]+$/.test(token),
      'must look like 123456:ABC-token from BotFather',
    ),
    TELEGRAM_API_ROOT: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.url().default('https://api.telegram.org'),
    ),
    TELEGRAM_WEBHOOK_SECRET: optionalString.refine(
      (secret) => secret === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(secret),
      'must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram rule)',
    ),
    TELEGRAM_CHANNEL_ID: optionalString,
    TELEGRAM_EDITORS_CHAT_ID: optionalString,
    TELEGRAM_ADMIN_CHAT_ID: optionalString,
    TELEGRAM_LEADERSHIP_CHAT_ID: optionalString,
    TELEGRAM_BOT_USERNAME: optionalString,

    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalUrl,
    LLM_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('gpt-4o-mini')),
    TRANSCRIBE_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('whisper-1')),

    BUNDLE_IDLE_SECONDS: integerInRange(180, 5, 86_400),
    REMINDER_HOUR: integerInRange(9, 0, 23),

    WHATSAPP_ENABLED: booleanFlag,
    WHATSAPP_SESSION_DIR: z.string().min(1).default('./data/whatsapp-session'),
    WHATSAPP_WEB_VERSION: optionalString,
    // Outbound pacing: seconds between messages to different chats (jittered ±25%).
    WHATSAPP_SEND_GAP_SECONDS: integerInRange(8, 1, 300),
    // At most this many reminder messages through WhatsApp per day (office time zone).
    WHATSAPP_REMINDER_DAILY_CAP: integerInRange(30, 0, 10_000),
    CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),

    WORDPRESS_URL: optionalUrl,
    WORDPRESS_USER: optionalString,
    WORDPRESS_APP_PASSWORD: optionalString,
    PUBLISH_WEBHOOK_URL: optionalUrl,
    PUBLISH_WEBHOOK_SECRET: optionalString,
  });

// Variables that only make sense together. Checked on their own so that these
// problems are listed alongside any others, not after them.
function combinationProblems(env: NodeJS.ProcessEnv): string[] {
  const set = (key: string) => Boolean(env[key] && env[key] !== '');
  const problems: string[] = [];
  const wordpress = ['WORDPRESS_URL', 'WORDPRESS_USER', 'WORDPRESS_APP_PASSWORD'];
  if (wordpress.some(set)) {
    for (const key of wordpress) if (!set(key)) problems.push(`${key}: is required when any WORDPRESS_* variable is set`);
  }
  if (set('PUBLISH_WEBHOOK_URL') && !set('PUBLISH_WEBHOOK_SECRET')) problems.push('PUBLISH_WEBHOOK_SECRET: is required when PUBLISH_WEBHOOK_URL is set');
  if (set('TELEGRAM_WEBHOOK_SECRET') && !set('TELEGRAM_BOT_TOKEN')) problems.push('TELEGRAM_BOT_TOKEN: is required when TELEGRAM_WEBHOOK_SECRET is set');
  return problems;
}

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError listing every problem by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  problems.push(...combinationProblems(env));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** Whether any LLM endpoint is configured; without one the offline drafter is used. */
export function llmConfigured(config: Config): boolean {
  return Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
}
