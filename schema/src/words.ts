/** Danish genitive of a name: "Anna Holms", "Lars'" (a name ending in s, x or z takes an apostrophe). */
export function genitive(name: string): string {
  return /[sxz]$/i.test(name) ? `${name}'` : `${name}s`;
}

/**
 * Why an empty section of the samlet beskrivelse is not marked "Skrevet med borgerens egne
 * ord": there are no words to be the citizen's, and the mark would stand over "Ikke udfyldt endnu".
 */
export const EMPTY_SECTION_NOT_OWN_WORDS =
  'Et tomt afsnit kan ikke være skrevet med borgerens egne ord. Skriv borgerens ord i feltet, eller fjern markeringen "Skrevet med borgerens egne ord".';
