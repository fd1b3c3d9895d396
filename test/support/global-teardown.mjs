export default async function globalTeardown() {
  const pg = globalThis.__samplanEmbeddedPg;
  if (pg) await pg.stop();
}
