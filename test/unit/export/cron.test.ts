// cron_restart patterns as a CronJob schedule and as a systemd OnCalendar= expression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronFields, kubernetesSchedule, systemdCalendar } from '../../../src/export/cron.js';

function convert(pattern: string): { schedule: string | null; calendar: string | null } {
  const fields = cronFields(pattern);
  assert.ok(fields !== null, pattern);
  return { schedule: kubernetesSchedule(fields), calendar: systemdCalendar(fields) };
}

test('five- and six-field patterns, nicknames, steps, ranges, lists and names', () => {
  const table: [string, string | null, string | null][] = [
    ['0 3 * * *', '0 3 * * *', '*-*-* 03:00:00'],
    ['*/15 * * * *', '*/15 * * * *', '*-*-* *:00/15:00'],
    ['0 0 9-17 * * 1-5', '0 9-17 * * 1-5', 'Mon..Fri *-*-* 09..17:00:00'],
    ['30 */15 9-17 * * 1-5', null, 'Mon..Fri *-*-* 09..17:00/15:30'],
    ['0 0 1 JAN,JUL *', '0 0 1 JAN,JUL *', '*-01,07-01 00:00:00'],
    ['0 12 * * 0-6', '0 12 * * 0-6', 'Sun,Mon..Sat *-*-* 12:00:00'],
    ['0 12 * * SAT,SUN', '0 12 * * SAT,SUN', 'Sat,Sun *-*-* 12:00:00'],
    ['@daily', '0 0 * * *', '*-*-* 00:00:00'],
    ['@hourly', '0 * * * *', '*-*-* *:00:00'],
    // cron fires when either the day or the weekday matches; OnCalendar= needs both: not converted.
    ['0 0 13 * 5', '0 0 13 * 5', null],
    ['0 0 L * *', '0 0 L * *', null],
  ];
  for (const [pattern, schedule, calendar] of table) assert.deepEqual(convert(pattern), { schedule, calendar }, pattern);
});

test('a pattern of another length is not a cron pattern', () => {
  assert.equal(cronFields('0 3 * *'), null);
  assert.equal(cronFields('0 0 3 * * * 2026'), null);
});
