import 'reflect-metadata';
import { createAppDataSource } from './app-modules';
import { systemClock } from './core/clock';
import { configFromEnv } from './core/config';
import { resolveDatabase } from './core/db/bootstrap-db';
import { migrateUnderLock } from './core/db/migrate';
import { seedDemoIfEmpty } from './seed/demo-seed';

/** `npm run migrate`: applies pending migrations (and the demo seed in demo mode: DEMO=1, or no DATABASE_URL). */
async function main(): Promise<void> {
  const log = (m: string) => process.stdout.write(`${m}\n`);
  // The same settings, checked the same way, as the server's start (core/config.ts).
  const config = configFromEnv(process.env, { verifiesTokens: false });
  const db = await resolveDatabase(config, log);
  // Directly, not through a pooler: migrations hold a session-level lock (core/db/migrate.ts).
  const ds = createAppDataSource(db.directUrl, { poolSize: 2 });
  await ds.initialize();
  try {
    const { applied } = await migrateUnderLock(ds, config.demo ? (d) => seedDemoIfEmpty(d, systemClock).then(() => undefined) : undefined);
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
