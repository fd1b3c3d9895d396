import 'reflect-metadata';
import path from 'node:path';
import { createTokenVerifier } from './core/auth/tokens';
import { systemClock } from './core/clock';
import { configFromEnv, type AppConfig } from './core/config';
import { REPO_ROOT, resolveDatabase } from './core/db/bootstrap-db';
import { createDataSource } from './core/db/data-source';
import { migrateUnderLock } from './core/db/migrate';
import { startServer } from './core/http/app';
import { createLogger } from './core/logging/logger';
import { createLiveFeed } from './modules/live';
import { appendSweepEvents, startWarningSweep } from './modules/rules';
import { DEMO_USERS, seedDemoIfEmpty } from './seed/demo-seed';

/**
 * `npm start`: database (DATABASE_URL or embedded), migrations under a lock, demo seed,
 * then HTTP + WebSocket. Ctrl-C / SIGTERM stops everything cleanly.
 */
async function main(): Promise<void> {
  const env = process.env;
  const partial = configFromEnv(env, { demo: !env.DATABASE_URL });
  const logger = createLogger(partial.logLevel);
  const log = (msg: string) => logger.info(msg);
  const started = Date.now();
  const db = await resolveDatabase(env, log);
  const config: AppConfig = { ...partial, databaseUrl: db.url, clientDist: partial.clientDist ?? path.join(REPO_ROOT, 'client', 'dist') };
  const dataSource = createDataSource(db.url, { poolSize: Number(env.DB_POOL_SIZE ?? 20) });
  await dataSource.initialize();
  const { applied } = await migrateUnderLock(dataSource, config.demo ? (ds) => seedDemoIfEmpty(ds, systemClock).then(() => undefined) : undefined);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);

  // Live updates: this instance's LISTEN connection and poll (EVENT_POLL_MS, default 1 s).
  // startServer starts it; server.stop() stops it after the sockets have closed.
  const feed = createLiveFeed({ dataSource, url: db.url, logger, pollMs: env.EVENT_POLL_MS ? Number(env.EVENT_POLL_MS) : undefined });
  const server = await startServer(
    { dataSource, config, clock: systemClock, logger, tokens: createTokenVerifier(config.auth), feed },
    { port: config.port, host: env.HOST },
  );
  // Deadlines pass while nobody writes: once a day every active programme's warnings are
  // re-evaluated and changes go out as WARNINGS_CHANGED (one instance at a time, by lock).
  const sweep = startWarningSweep({ dataSource, clock: systemClock, rules: config.rules, logger }, appendSweepEvents);
  void sweep.runNow();
  logger.info({ url: server.url, readyInMs: Date.now() - started, demo: config.demo }, 'Samplan is ready');
  process.stdout.write(`\nSamplan kører på ${server.url}  (GraphQL: ${server.url}/graphql)\n`);
  if (config.demo) {
    process.stdout.write(`Demotilstand — log ind som: ${DEMO_USERS.map((u) => `${u.username} (${u.role.toLowerCase()})`).join(', ')}\n\n`);
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    try {
      await server.stop();
      await sweep.stop();
      await dataSource.destroy();
      await db.embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  // The reason in one line (a missing setting, an unreachable database); the stack only when asked for.
  const detail = err instanceof Error ? (process.env.LOG_LEVEL === 'debug' ? err.stack : err.message) : String(err);
  process.stderr.write(`Samplan could not start: ${detail}\n`);
  process.exit(1);
});
