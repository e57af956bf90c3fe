import { isIsoDate } from '../domain/calendar.js';
import { AppError } from '../domain/errors.js';
import type { AuditLog } from './ports/admin-stores.js';
import type { Holiday, HolidayStore } from './ports/reminders.js';

export async function removeHoliday(deps: { holidays: HolidayStore; audit: AuditLog }, input: { date: string }): Promise<Holiday> {
  const date = input.date.trim();
  if (!isIsoDate(date)) throw new AppError('VALIDATION', `Date must be a calendar date written YYYY-MM-DD, got "${input.date}".`);
  const removed = await deps.holidays.remove(date);
  if (!removed) throw new AppError('NOT_FOUND', `No holiday on ${date}.`);
  await deps.audit.record({ actorType: 'admin', action: 'holiday.remove', entityType: 'holiday', entityId: date, data: { name: removed.name } });
  return removed;
}
