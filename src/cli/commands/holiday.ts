import { addHoliday } from '../../pipeline/add-holiday.js';
import { listHolidays } from '../../pipeline/list-holidays.js';
import { removeHoliday } from '../../pipeline/remove-holiday.js';
import { parseFlags, UsageError, type CliCommand } from '../cli-context.js';

const addUsage = 'warta holiday add DATE NAME [--json]   (DATE as YYYY-MM-DD, e.g. warta holiday add 2026-12-25 "Natal")';
const listUsage = 'warta holiday list [--from DATE] [--json]';
const removeUsage = 'warta holiday remove DATE [--json]';

const weekday = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

export const holidayCommand: CliCommand = async ([sub, ...args], context) => {
  if (sub === 'add') {
    const { positionals } = parseFlags(args, {}, addUsage);
    const [date, ...nameWords] = positionals;
    if (!date || nameWords.length === 0) throw new UsageError(`A date and a name are required.\nUsage: ${addUsage}`);
    const { holiday, created } = await addHoliday(context, { date, name: nameWords.join(' ') });
    return {
      json: { ...holiday, created },
      text: `${created ? 'Holiday added' : 'Holiday renamed'}: ${holiday.date} (${weekday(holiday.date)}) ${holiday.name}. No reminders go out that day.`,
    };
  }
  if (sub === 'list') {
    const { values, positionals } = parseFlags(args, { from: { type: 'string' } }, listUsage);
    if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals.join(' ')}".\nUsage: ${listUsage}`);
    const holidays = await listHolidays(context, { from: values.from });
    return {
      json: holidays,
      text:
        holidays.length === 0
          ? 'No holidays entered. Add one with: warta holiday add 2026-12-25 "Natal"'
          : holidays.map((h) => `${h.date}  ${weekday(h.date)}  ${h.name}`).join('\n'),
    };
  }
  if (sub === 'remove') {
    const { positionals } = parseFlags(args, {}, removeUsage);
    if (positionals.length !== 1) throw new UsageError(`One date is required.\nUsage: ${removeUsage}`);
    const removed = await removeHoliday(context, { date: positionals[0]! });
    return { json: { ...removed, removed: true }, text: `Holiday removed: ${removed.date} ${removed.name}` };
  }
  throw new UsageError(`Unknown holiday command "${sub ?? ''}". Use: holiday add | holiday list | holiday remove`);
};
