import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export type { Logger };

// Field names whose values never reach the logs, wherever they appear.
const secretKeys = [
  'token',
  'botToken',
  'secret',
  'password',
  'apiKey',
  'authorization',
  'phone',
  'phoneNumber',
  'phone_number',
  'contactPhone',
  'whatsappPhone',
];

const redactPaths = [
  ...secretKeys,
  ...secretKeys.map((key) => `*.${key}`),
  ...secretKeys.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'headers["x-telegram-bot-api-secret-token"]',
];

// Bot tokens and phone numbers can hide inside free text (URLs, error messages).
const botTokenPattern = /(?<!\d)\d{6,12}:[A-Za-z0-9_-]{30,}/g;
const phonePattern = /(?:\+62|\b62|\b0)8\d{7,12}\b/g;

export function scrubText(text: string): string {
  return text.replace(botTokenPattern, '[token]').replace(phonePattern, '[phone]');
}

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'warta' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    formatters: {
      log(object) {
        // Scrub the string fields pino would otherwise print verbatim.
        for (const [key, value] of Object.entries(object)) {
          if (typeof value === 'string') object[key] = scrubText(value);
        }
        return object;
      },
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const serialized = pino.stdSerializers.err(err as Error);
        if (serialized?.message) serialized.message = scrubText(serialized.message);
        if (serialized?.stack) serialized.stack = scrubText(serialized.stack);
        return serialized;
      },
    },
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}
