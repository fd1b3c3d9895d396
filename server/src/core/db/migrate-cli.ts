import 'reflect-metadata';
import { systemClock } from '../clock';
import { resolveDatabase } from './bootstrap-db';
import { createDataSource } from './data-source';
import { migrateUnderLock } from './migrate';
import { seedDemoIfEmpty } from '../../seed/demo-seed';

/** `npm run migrate`: applies pending migrations (and the demo seed with DEMO=1 or the embedded database). */
async function main(): Promise<void> {
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const db = await resolveDatabase(process.env, log);
  const demo = process.env.DEMO ? process.env.DEMO === '1' : !process.env.DATABASE_URL;
  const ds = createDataSource(db.url, { poolSize: 2 });
  await ds.initialize();
  try {
    const { applied } = await migrateUnderLock(ds, demo ? (d) => seedDemoIfEmpty(d, systemClock).then(() => undefined) : undefined);
    log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } finally {
    await ds.destroy();
    await db.embedded?.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
