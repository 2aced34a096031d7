/**
 * Boomi writes Space dates as `yyyy-MM-dd HH:mm:ss.S` (Java `Timestamp.toString()`), in UTC
 * (docs/contract.md §7; the time zone is undocumented, UTC is our documented assumption).
 */
const BOOMI_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/**
 * Converts a Boomi timestamp to ISO-8601 UTC (`2022-11-02T18:41:11.000Z`).
 * Returns `undefined` when the input is not a valid Boomi timestamp (the caller decides what to log).
 */
export function boomiTimestampToIso(value: string): string | undefined {
  const match = BOOMI_TIMESTAMP.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '0'] = match;
  const ms = Math.round(Number(`0.${fraction}`) * 1000);
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  // Date.UTC rolls over invalid parts (month 13, Feb 30): reject those instead of shifting them.
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d) ||
    date.getUTCHours() !== Number(h) ||
    date.getUTCMinutes() !== Number(mi) ||
    date.getUTCSeconds() !== Number(s)
  ) {
    return undefined;
  }
  return date.toISOString();
}
