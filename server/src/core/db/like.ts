/** Text to match literally inside a LIKE pattern: its own `\`, `%` and `_` escaped. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * SQL that holds when every word of a name search occurs in `column`, in any order and
 * whatever the case: "Hansen Per" and "Per Hansen" both find "Per Ole Hansen". One
 * `lower(column) LIKE` per word, so the trigram index on lower(name) serves each.
 * `param` adds a value to the statement's parameters and returns its placeholder.
 */
export function nameHasEveryWord(column: string, search: string, param: (value: string) => string): string {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return words.map((word) => `lower(${column}) LIKE ${param(`%${likeLiteral(word)}%`)}`).join(' AND ') || 'true';
}
