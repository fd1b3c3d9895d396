/** Danish genitive of a name: "Anna Holms", "Lars'" (a name ending in s, x or z takes an apostrophe). */
export function genitive(name: string): string {
  return /[sxz]$/i.test(name) ? `${name}'` : `${name}s`;
}

/**
 * Why an empty section of the samlet beskrivelse is not marked "Skrevet med borgerens egne
 * ord": there are no words to be the citizen's, and the mark would stand over "Ikke udfyldt endnu".
 */
export const EMPTY_SECTION_NOT_OWN_WORDS =
  'Et tomt afsnit kan ikke være skrevet med borgerens egne ord. Skriv borgerens ord i feltet, eller fjern markeringen »Skrevet med borgerens egne ord«.';

/**
 * How many characters a text has, counted as PostgreSQL's char_length counts them, by which the
 * tables' CHECKs hold their limits: in code points. "❤️" (a heart and U+FE0F, which asks for its
 * emoji form) is two; "😀" is one, where String's `length` says two. Every length limit in
 * Samplan, in the form and on the server, counts this way, so the three agree on what fits.
 */
export function charCount(text: string): number {
  return [...text].length;
}

/**
 * A text over its limit, said with what was typed counted, as every form says it: "Begrundelsen
 * må højst være 500 tegn (du har skrevet 502)." `text` is counted as it will be stored.
 */
export function tooLongMessage(subject: string, max: number, text: string): string {
  return `${subject} må højst være ${max.toLocaleString('da-DK')} tegn (du har skrevet ${charCount(text).toLocaleString('da-DK')}).`;
}

/**
 * The limits most texts in Samplan share, in characters as `charCount` counts them: a title or a
 * name, a short text (a goal, a delmål), a long one (notes, a summary). The server refuses a text
 * over its limit; the forms say the limit in the field's hint and check it before sending.
 */
export const TEXT_LIMITS = { title: 200, short: 1000, long: 4000 } as const;

/**
 * A time spent, as the mentor's log says it everywhere – to the mentor, on the plan, and in the
 * coordinator's live feed – short enough for a narrow column: "45 min", "1 time", "1,5 timer",
 * "8 timer"; an odd time past the hour "10 timer 10 min".
 */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  if (rest === 0) return `${hours} ${hours === 1 ? 'time' : 'timer'}`;
  if (rest === 30) return `${hours},5 timer`;
  return `${hours} ${hours === 1 ? 'time' : 'timer'} ${rest} min`;
}
