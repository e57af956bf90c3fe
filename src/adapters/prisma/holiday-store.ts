import type { Holiday, HolidayStore } from '../../pipeline/ports/reminders.js';
import type { Database } from './client.js';

// Holidays are DATE columns: Prisma hands them over as midnight UTC.
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toRecord = (row: { date: Date; name: string }): Holiday => ({ date: row.date.toISOString().slice(0, 10), name: row.name });

export function createHolidayStore(db: Database): HolidayStore {
  return {
    async upsert(holiday) {
      const existing = await db.holiday.findUnique({ where: { date: toDate(holiday.date) } });
      const row = await db.holiday.upsert({
        where: { date: toDate(holiday.date) },
        create: { date: toDate(holiday.date), name: holiday.name },
        update: { name: holiday.name },
      });
      return { holiday: toRecord(row), created: !existing };
    },
    async list(options = {}) {
      const rows = await db.holiday.findMany({
        where: options.from ? { date: { gte: toDate(options.from) } } : {},
        orderBy: { date: 'asc' },
      });
      return rows.map(toRecord);
    },
    async remove(date) {
      const existing = await db.holiday.findUnique({ where: { date: toDate(date) } });
      if (!existing) return null;
      await db.holiday.deleteMany({ where: { date: toDate(date) } });
      return toRecord(existing);
    },
    async find(date) {
      const row = await db.holiday.findUnique({ where: { date: toDate(date) } });
      return row ? toRecord(row) : null;
    },
  };
}
