import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const pg = globalThis.__samplanEmbeddedPg;
  // A throwaway cluster deletes its data on stop; the folder made for it goes too.
  if (pg) await pg.stop();
  const dir = globalThis.__samplanEmbeddedPgDir;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
