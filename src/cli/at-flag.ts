import { isIsoDate, startOfLocalDay } from '../domain/calendar.js';
import { AppError } from '../domain/errors.js';

/**
 * Reads `--at`: an ISO time with a zone (`2026-11-09T01:00:00Z`,
 * `2026-11-09T09:00+08:00`), a local time in the office's zone
 * (`2026-11-09T09:00`), or a date (`2026-11-09`, taken at `defaultHour`
 * local time). Absent: now.
 */
export function parseAtFlag(value: string | undefined, options: { timeZone: string; defaultHour: number; now: () => Date }): Date {
  if (value === undefined) return options.now();
  const text = value.trim();
  if (isIsoDate(text)) return new Date(startOfLocalDay(text, options.timeZone).getTime() + options.defaultHour * 3_600_000);
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (local && isIsoDate(local[1]!)) {
    const [hours, minutes, seconds] = [Number(local[2]), Number(local[3]), Number(local[4] ?? 0)];
    if (hours < 24 && minutes < 60 && seconds < 60) {
      return new Date(startOfLocalDay(local[1]!, options.timeZone).getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000);
    }
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const at = new Date(text);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new AppError('VALIDATION', `--at must be an ISO time such as 2026-11-09T09:00+08:00, a local time such as 2026-11-09T09:00, or a date; got "${value}".`);
}
