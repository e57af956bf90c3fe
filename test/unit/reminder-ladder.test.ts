import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, isWeekend, localDateOf, mondayOf, startOfLocalDay } from '../../src/domain/calendar.js';
import { dueStep } from '../../src/domain/reminder-ladder.js';
import { parseAtFlag } from '../../src/cli/at-flag.js';
import { weekLabel } from '../../src/messages/reminders-id.js';

const tz = 'Asia/Makassar';
const wita = (local: string) => new Date(`${local}+08:00`);

describe('calendar in the office time zone', () => {
  it('finds local dates, midnights and Mondays', () => {
    expect(localDateOf(new Date('2026-11-09T16:30:00Z'), tz)).toBe('2026-11-10'); // 00:30 WITA
    expect(startOfLocalDay('2026-11-10', tz).toISOString()).toBe('2026-11-09T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z'); // DST day
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect([isWeekend('2026-11-07'), isWeekend('2026-11-08'), isWeekend('2026-11-09')]).toEqual([true, true, false]);
    expect([isIsoDate('2026-02-28'), isIsoDate('2026-02-29'), isIsoDate('26-2-1')]).toEqual([true, false, false]);
  });

  it('labels weeks the Indonesian way', () => {
    expect(weekLabel(wita('2026-11-16T00:00'), wita('2026-11-22T00:00'), tz)).toBe('16–22 November 2026');
    expect(weekLabel(wita('2026-11-30T00:00'), wita('2026-12-06T00:00'), tz)).toBe('30 November – 6 Desember 2026');
    expect(weekLabel(wita('2026-12-28T00:00'), wita('2027-01-03T00:00'), tz)).toBe('28 Desember 2026 – 3 Januari 2027');
  });
});

describe('the reminder ladder', () => {
  const spell = { quietDays: 7, quietSince: wita('2026-11-02T16:55'), lastStep: null, lastStepAt: null };

  it('starts after one rhythm of whole local days, whatever the hour', () => {
    expect(dueStep(spell, '2026-11-08', tz)).toBeNull();
    expect(dueStep(spell, '2026-11-09', tz)).toBe(1);
    expect(dueStep(spell, '2026-12-30', tz)).toBe(1); // long quiet: still the first step first
  });

  it('climbs one step per rhythm after the last nudge, and stops at the digest', () => {
    const afterFirst = { ...spell, lastStep: 1, lastStepAt: wita('2026-11-11T09:00') }; // sent two days late
    expect(dueStep(afterFirst, '2026-11-16', tz)).toBeNull();
    expect(dueStep(afterFirst, '2026-11-18', tz)).toBe(2);
    expect(dueStep({ ...spell, lastStep: 2, lastStepAt: wita('2026-11-18T09:00') }, '2026-11-25', tz)).toBe(3);
    expect(dueStep({ ...spell, lastStep: 3, lastStepAt: wita('2026-11-25T09:00') }, '2027-01-25', tz)).toBeNull();
  });
});

describe('--at', () => {
  const options = { timeZone: tz, defaultHour: 9, now: () => new Date('2026-01-01T00:00:00Z') };
  it('reads zoned times, local times and dates', () => {
    expect(parseAtFlag(undefined, options).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseAtFlag('2026-11-10T01:00:00Z', options).toISOString()).toBe('2026-11-10T01:00:00.000Z');
    expect(parseAtFlag('2026-11-10T09:30+08:00', options).toISOString()).toBe('2026-11-10T01:30:00.000Z');
    expect(parseAtFlag('2026-11-10T09:30', options).toISOString()).toBe('2026-11-10T01:30:00.000Z');
    expect(parseAtFlag('2026-11-10', options).toISOString()).toBe('2026-11-10T01:00:00.000Z');
    expect(() => parseAtFlag('tomorrow', options)).toThrowError(/--at must be/);
    expect(() => parseAtFlag('2026-13-01', options)).toThrowError(/--at must be/);
  });
});
