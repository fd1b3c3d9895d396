/** Text to match literally inside a LIKE/ILIKE pattern: its own `\`, `%` and `_` escaped. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * The words of a name search, each to be found somewhere in the name: "Hansen Per" and
 * "Per Hansen" both find "Per Ole Hansen". Each is a LIKE pattern, lower-cased.
 */
export function nameWordPatterns(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean).map((word) => `%${likeLiteral(word)}%`);
}
