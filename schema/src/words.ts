/** Danish genitive of a name: "Anna Holms", "Lars'" (a name ending in s, x or z takes an apostrophe). */
export function genitive(name: string): string {
  return /[sxz]$/i.test(name) ? `${name}'` : `${name}s`;
}
