// cron_restart on targets with their own schedulers: a five-field schedule for a Kubernetes CronJob and
// an OnCalendar= expression for a systemd timer. Only what both sides can say exactly is converted.

export interface CronFields {
  second: string;
  minute: string;
  hour: string;
  day: string;
  month: string;
  weekday: string;
}

const nicknames: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const cronDays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const systemdDays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The fields of a 5- or 6-field pattern (seconds first when 6); null for any other shape. */
export function cronFields(pattern: string): CronFields | null {
  const expanded = nicknames[pattern.trim().toLowerCase()] ?? pattern.trim();
  const parts = expanded.split(/\s+/);
  const [second, minute, hour, day, month, weekday] = parts.length === 5 ? ['0', ...parts] : parts.length === 6 ? parts : [];
  if (second === undefined || minute === undefined || hour === undefined || day === undefined || month === undefined || weekday === undefined) return null;
  return { second, minute, hour, day, month, weekday };
}

/** A Kubernetes CronJob schedule (no seconds field); null when the pattern restarts at a second other than 0. */
export function kubernetesSchedule(fields: CronFields): string | null {
  if (fields.second !== '0') return null;
  return [fields.minute, fields.hour, fields.day, fields.month, fields.weekday].join(' ');
}

function pad(value: string): string {
  return /^\d$/.test(value) ? `0${value}` : value;
}

/** One numeric cron field as systemd writes it: `*`, lists, `a..b` ranges, `start/step` repetitions. */
function calendarField(field: string, first: number, names: readonly string[] = []): string | null {
  const named = (value: string): string | null => {
    const index = names.indexOf(value.toUpperCase());
    if (index >= 0) return String(index + 1);
    return /^\d+$/.test(value) ? String(Number(value)) : null;
  };
  const parts = field.split(',').map((part) => {
    if (part === '*') return '*';
    const step = /^(\*|\d+)\/(\d+)$/.exec(part);
    if (step?.[1] !== undefined && step[2] !== undefined) return `${pad(step[1] === '*' ? String(first) : String(Number(step[1])))}/${Number(step[2])}`;
    const range = /^(\w+)-(\w+)$/.exec(part);
    if (range?.[1] !== undefined && range[2] !== undefined) {
      const from = named(range[1]);
      const to = named(range[2]);
      return from === null || to === null ? null : `${pad(from)}..${pad(to)}`;
    }
    const single = named(part);
    return single === null ? null : pad(single);
  });
  return parts.includes(null) || (parts.includes('*') && parts.length > 1) ? null : parts.join(',');
}

function weekdayName(value: string): string | null {
  const index = /^\d$/.test(value) ? Number(value) % 7 : cronDays.indexOf(value.toUpperCase());
  return index >= 0 && index < 7 ? (systemdDays[index] ?? null) : null;
}

function calendarWeekdays(field: string): string | null {
  if (field === '*' || field === '?') return '';
  const parts = field.split(',').map((part) => {
    const range = /^(\w+)-(\w+)$/.exec(part);
    if (range?.[1] !== undefined && range[2] !== undefined) {
      const from = weekdayName(range[1]);
      const to = weekdayName(range[2]);
      // 1-7 ends on Sunday, which systemd's week (Mon..Sun) also does; 0-6 wraps and is split.
      if (from === null || to === null) return null;
      return from === 'Sun' && to !== 'Sun' ? `Sun,Mon..${to}` : `${from}..${to}`;
    }
    return weekdayName(part);
  });
  return parts.includes(null) ? null : `${parts.join(',')} `;
}

/**
 * An OnCalendar= expression with the same firing times, or null. cron fires when either the day of the
 * month or the weekday matches when both are restricted; systemd requires both, so that is not converted.
 */
export function systemdCalendar(fields: CronFields): string | null {
  const day = fields.day === '?' ? '*' : fields.day;
  if (day !== '*' && fields.weekday !== '*' && fields.weekday !== '?') return null;
  const weekdays = calendarWeekdays(fields.weekday);
  const second = calendarField(fields.second, 0);
  const minute = calendarField(fields.minute, 0);
  const hour = calendarField(fields.hour, 0);
  const dayOfMonth = calendarField(day, 1);
  const month = calendarField(fields.month, 1, monthNames);
  if ([weekdays, second, minute, hour, dayOfMonth, month].includes(null)) return null;
  return `${weekdays ?? ''}*-${month ?? '*'}-${dayOfMonth ?? '*'} ${hour ?? '*'}:${minute ?? '*'}:${second ?? '*'}`;
}
