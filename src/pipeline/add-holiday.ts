import { isIsoDate } from '../domain/calendar.js';
import { AppError } from '../domain/errors.js';
import type { AuditLog } from './ports/admin-stores.js';
import type { Holiday, HolidayStore } from './ports/reminders.js';

/** Marks a date as a holiday: no reminders go out on it. Adding a date again renames it. */
export async function addHoliday(
  deps: { holidays: HolidayStore; audit: AuditLog },
  input: { date: string; name: string },
): Promise<{ holiday: Holiday; created: boolean }> {
  const date = input.date.trim();
  if (!isIsoDate(date)) throw new AppError('VALIDATION', `Date must be a calendar date written YYYY-MM-DD, got "${input.date}".`);
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 100) throw new AppError('VALIDATION', 'Holiday name must be 2 to 100 characters long.');
  const result = await deps.holidays.upsert({ date, name });
  await deps.audit.record({ actorType: 'admin', action: result.created ? 'holiday.add' : 'holiday.rename', entityType: 'holiday', entityId: date, data: { name } });
  return result;
}
