/** The unit-specific fields that were sent (undefined = leave as is, null = clear). */
export function pickDetails<T extends object>(input: T, keys: ReadonlyArray<keyof T>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (input[k] !== undefined) out[k as string] = input[k];
  return out;
}
