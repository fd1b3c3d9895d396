import { likeLiteral } from '../../core/db/like';

/**
 * A name as Mine sager's search compares it, whichever of the usual Danish spellings it was
 * written or typed in: lowered by ICU's Danish rules (as the plain search lowers), then
 * "aa" is "å", "ae" is "æ", and "ø", "oe" and "o" are all "o". So "Aaberg" and "Åberg" are
 * both "åberg", "Aagaard" and "Ågård" both "ågård", "Sørensen", "Soerensen" and "Sorensen"
 * all "sorensen". "å" is not "a", nor "æ" "e": "Aberg" stays another name than "Åberg".
 * `text` is an SQL expression; the index citizen_name_spelling_idx (migration 78) is made on
 * this very expression of the citizen's name, so it serves the search.
 */
export function danishSpelling(text: string): string {
  return `replace(translate(replace(replace(lower(${text} COLLATE "da-DK-x-icu"), 'aa', 'å'), 'ae', 'æ'), 'ø', 'o'), 'oe', 'o')`;
}

/**
 * SQL that holds when every word of a name search occurs in `column`, in any order and
 * whatever the case, as written or in another Danish spelling (danishSpelling): "åberg"
 * finds Aaberg, "aagaard" Ågård, "Sorensen" Sørensen. A word matches the name as typed too,
 * so a word typed half-way ("Aa", "Ma" of "Maagaard") finds what it found before. The name
 * and the word are brought to the same spelling by the same SQL. `param` adds a value to
 * the statement's parameters and returns its placeholder.
 */
export function nameHasEveryWordInAnySpelling(column: string, search: string, param: (value: string) => string): string {
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
