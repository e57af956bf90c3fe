import { isIsoDate } from '../domain/calendar.js';
import { AppError } from '../domain/errors.js';
import type { Holiday, HolidayStore } from './ports/reminders.js';

/** Holidays in date order, optionally from a date on. */
export async function listHolidays(deps: { holidays: HolidayStore }, options: { from?: string } = {}): Promise<Holiday[]> {
  if (options.from !== undefined && !isIsoDate(options.from)) {
    throw new AppError('VALIDATION', `--from must be a date written YYYY-MM-DD, got "${options.from}".`);
  }
  return deps.holidays.list(options);
}
