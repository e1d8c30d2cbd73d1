/** Activity policy: timeout and retry values as ADF writes them, with Millrace's defaults. */

/** ADF's UI writes 12 hours for a new activity; the REST API's own default is 7 days. We follow the UI. */
export const DEFAULT_ACTIVITY_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const DEFAULT_RETRY_INTERVAL_SECONDS = 30;
/** ADF's Until activity defaults to 12 hours as well. */
export const DEFAULT_UNTIL_TIMEOUT_MS = 12 * 60 * 60 * 1000;

const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/** Parses .NET's `[d.]hh:mm:ss[.fffffff]`, as ADF's `timeout` uses it; undefined when malformed. */
export function parseTimeSpan(text: string): number | undefined {
  const match = TIME_SPAN.exec(text.trim());
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const fractionMs = fraction === '' ? 0 : Number(`0.${fraction}`) * 1000;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + fractionMs;
}

export function formatTimeSpan(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(Math.floor(totalSeconds / 3600) % 24)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
  return days > 0 ? `${days}.${time}` : time;
}
