/** Text to match literally inside a LIKE pattern: its own `\`, `%` and `_` escaped. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * A name as the name searches compare it, whichever of the usual Danish spellings it was
 * written or typed in: lowered by ICU's Danish rules (under a C locale the database's own
 * lower() leaves Æ, Ø and Å upper case), then "aa" is "å", "ae" is "æ", and "ø", "oe" and "o"
 * are all "o". So "Aaberg" and "Åberg" are both "åberg", "Aagaard" and "Ågård" both "ågård",
 * "Sørensen", "Soerensen" and "Sorensen" all "sorensen". "å" is not "a", nor "æ" "e": "Aberg"
 * stays another name than "Åberg". `text` is an SQL expression; the index
 * citizen_name_spelling_idx (migration 78) is made on this very expression of the citizen's
 * name, so it serves the search.
 */
export function danishSpelling(text: string): string {
  return `replace(translate(replace(replace(lower(${text} COLLATE "da-DK-x-icu"), 'aa', 'å'), 'ae', 'æ'), 'ø', 'o'), 'oe', 'o')`;
}

/**
 * SQL that holds when every word of a name search occurs in `column`, in any order and
 * whatever the case: "Hansen Per" and "Per Hansen" both find "Per Ole Hansen"; as written or
 * in another Danish spelling (danishSpelling): "åberg" finds Aaberg, "aagaard" Ågård,
 * "Sorensen" Sørensen. A word matches the name as typed too, so a word typed half-way ("Aa",
 * "Ma" of "Maagaard") finds what it would without the spellings; the trigram index on the
 * lowered name (migration 55) serves that half, citizen_name_spelling_idx the other. Used by
 * every name search: Mine sager and the citizen search of "Nyt forløb". `param` adds a value
 * to the statement's parameters and returns its placeholder.
 */
export function nameHasEveryWord(column: string, search: string, param: (value: string) => string): string {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return (
    words
      .map((word) => {
        const pattern = param(`%${likeLiteral(word)}%`);
        return `(lower(${column} COLLATE "da-DK-x-icu") LIKE ${pattern} OR ${danishSpelling(column)} LIKE ${danishSpelling(`${pattern}::text`)})`;
      })
      .join(' AND ') || 'true'
  );
}
