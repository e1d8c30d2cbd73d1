/** Activity policy: timeout and retry values as ADF writes them, with Millrace's defaults. */

/** ADF's UI writes 12 hours for a new activity; the REST API's own default is 7 days. We follow the UI. */
export const DEFAULT_ACTIVITY_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const DEFAULT_RETRY_INTERVAL_SECONDS = 30;
/** ADF's Until activity defaults to 12 hours as well. */
export const DEFAULT_UNTIL_TIMEOUT_MS = 12 * 60 * 60 * 1000;
