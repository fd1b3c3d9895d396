/** Text to match literally inside a LIKE pattern: its own `\`, `%` and `_` escaped. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * SQL that holds when every word of a name search occurs in `column`, in any order and
 * whatever the case: "Hansen Per" and "Per Hansen" both find "Per Ole Hansen". One
 * `lower(column) LIKE` per word, so the trigram index on that expression serves each
 * (migration 55). Lowered by ICU's Danish rules, as the search is lowered here: under a C
 * locale the database's own lower() leaves Æ, Ø and Å upper case.
 * `param` adds a value to the statement's parameters and returns its placeholder.
 */
export function nameHasEveryWord(column: string, search: string, param: (value: string) => string): string {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return words.map((word) => `lower(${column} COLLATE "da-DK-x-icu") LIKE ${param(`%${likeLiteral(word)}%`)}`).join(' AND ') || 'true';
}
