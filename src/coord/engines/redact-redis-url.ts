/**
 * Keeps Redis credentials out of every message and log line: the URL is named with its password replaced by
 * ***, and any text that might echo it (an ioredis error message) is scrubbed as a second line of defence.
 */

const SECRET_PARAM = /pass|secret|token/i;

/** The URL for messages and logs: password (and any password-like query parameter) replaced by ***. */
export function redactRedisUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<unparseable redis url>';
  }
  if (u.password) u.password = '***';
  for (const name of [...u.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) u.searchParams.set(name, '***');
  }
  return u.toString();
}

/** A function that replaces the URL's secrets by *** wherever they appear in a text. */
export function secretScrubber(url: string): (text: string) => string {
  const secrets = new Set<string>();
  try {
    const u = new URL(url);
    const raw = [u.password, ...[...u.searchParams].filter(([name]) => SECRET_PARAM.test(name)).map(([, v]) => v)];
    for (const s of raw) {
      if (!s) continue;
      secrets.add(s);
      try {
        secrets.add(decodeURIComponent(s));
      } catch {
        // Malformed %-encoding: the raw form is all that can appear.
      }
    }
  } catch {
    // An unparseable URL never reaches a message: redactRedisUrl replaces it whole.
  }
  const list = [...secrets];
  return (text) => list.reduce((t, s) => t.split(s).join('***'), text);
}
