import 'reflect-metadata';
import { createAppDataSource } from './app-modules';
import { systemClock } from './core/clock';
import { configFromEnv, type EnvConfig } from './core/config';
import { resolveDatabase } from './core/db/bootstrap-db';
import { migrateUnderLock } from './core/db/migrate';
import { exitWhenDone } from './core/exit-when-done';
import { exitWithReason } from './core/exit-with-reason';
import { seedDemoIfEmpty } from './seed/demo-seed';

/** The settings once parsed: a failure shows its stack only with LOG_LEVEL=debug. */
let settings: EnvConfig | undefined;

/** `npm run migrate`: applies pending migrations (and the demo seed in demo mode: DEMO=1, or no DATABASE_URL). */
async function main(): Promise<number> {
  const log = (m: string) => process.stdout.write(`${m}\n`);
  // The same settings, checked the same way, as the server's start (core/config.ts).
  const config = (settings = configFromEnv(process.env, { verifiesTokens: false }));
  const db = await resolveDatabase(config, log);
  // Directly, not through a pooler: migrations hold a session-level lock (core/db/migrate.ts).
  const ds = createAppDataSource(db.directUrl, { poolSize: 2 });
  await ds.initialize();
  try {
    const { applied } = await migrateUnderLock(ds, config.demo ? (d) => seedDemoIfEmpty(d, systemClock).then(() => undefined) : undefined);
    log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
    return 0;
  } finally {
    await ds.destroy();
    await db.embedded?.stop();
  }
}

// As at the server's start: the reason in one line, the stack only with LOG_LEVEL=debug.
exitWhenDone(main, (err) => exitWithReason('Samplan migrate failed', err, settings?.logLevel));
