/**
 * Boomi writes Space dates as `yyyy-MM-dd HH:mm:ss.S` (Java `Timestamp.toString()`), in UTC
 * (docs/contract.md §7; the time zone is undocumented, UTC is our documented assumption).
 */
const BOOMI_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * Converts a Boomi timestamp to ISO-8601 UTC (`2022-11-02T18:41:11.000Z`), milliseconds truncated as
 * Java's `Timestamp.getTime()` truncates the nanoseconds it prints. Returns `undefined` when the
 * input is not a valid Boomi timestamp (month 13, Feb 30, hour 24…; the caller decides what to log).
 * Written as text, not through `Date`: it runs for every timestamp of every answer.
 */
export function boomiTimestampToIso(value: string): string | undefined {
  const match = BOOMI_TIMESTAMP.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = ''] = match as unknown as string[];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(y), month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${`${fraction}000`.slice(0, 3)}Z`;
}
