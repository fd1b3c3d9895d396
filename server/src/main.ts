import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { appModules, createAppDataSource } from './app-modules';
import { startDevOidcProvider, type DevOidcProvider } from './core/auth/dev-oidc';
import { createTokenVerifier } from './core/auth/tokens';
import { systemClock } from './core/clock';
import { configFromEnv, withOidc, type AppConfig, type EnvConfig } from './core/config';
import { REPO_ROOT, resolveDatabase } from './core/db/bootstrap-db';
import { migrateUnderLock } from './core/db/migrate';
import { startServer } from './core/http/app';
import { exitWithReason, reasonOf } from './core/exit-with-reason';
import { createLogger, type Logger } from './core/logging/logger';
import { appendSweepEvents, startWarningSweep } from './modules/rules';
import { DEMO_USERNAMES, demoUsersLine, seedDemoIfEmpty } from './seed/demo-seed';

/** The settings once parsed: the failure message below shows a stack only with LOG_LEVEL=debug. */
let settings: EnvConfig | undefined;

/**
 * `npm start`: database (DATABASE_URL or embedded), migrations under a lock, demo seed,
 * then HTTP + WebSocket. Ctrl-C / SIGTERM stops everything cleanly.
 */
async function main(): Promise<void> {
  // The one read of the environment: parsed and checked here, or the start stops (core/config.ts).
  let partial = (settings = configFromEnv(process.env));
  // A CLIENT_DIST that is set but holds no built client is a mistake to start with, not a
  // server that answers "Cannot GET /".
  if (partial.clientDist && !existsSync(path.join(partial.clientDist, 'index.html'))) throw new Error(`CLIENT_DIST holds no index.html: ${partial.clientDist}`);
  const logger = createLogger(partial.logLevel);
  const log = (msg: string) => logger.info(msg);
  const started = Date.now();
  // OIDC_DEV=1: sign in through a real OpenID provider run locally, with the demo users as accounts.
  let devOidc: DevOidcProvider | undefined;
  if (partial.oidcDev) {
    devOidc = await startDevOidcProvider(partial.oidcDev);
    partial = withOidc(partial, devOidc.settings);
    log(`local OpenID provider at ${devOidc.settings.issuer}`);
  }
  // The token verifier first: a key that cannot be used stops the start before the database is touched.
  const tokens = createTokenVerifier(partial.auth, { demoSubjects: DEMO_USERNAMES });
  const db = await resolveDatabase(partial, log, { servesRequests: true });
  const config: AppConfig = { ...partial, databaseUrl: db.url, databaseDirectUrl: db.directUrl, clientDist: partial.clientDist ?? path.join(REPO_ROOT, 'client', 'dist') };
  const dataSource = createAppDataSource(db.url, { poolSize: config.dbPoolSize });
  await dataSource.initialize();
  // What a pooler in transaction mode cannot carry goes directly to PostgreSQL: migrations
  // and the daily sweep hold session-level advisory locks (the event feed's LISTEN takes its
  // own direct connection, core/http/app.ts). Without DATABASE_DIRECT_URL it is the same pool.
  // Four: the sweep holds two while it runs, and requests read past row-level security through it (systemReads, core/context.ts).
  const direct = db.directUrl === db.url ? dataSource : createAppDataSource(db.directUrl, { poolSize: 4, applicationName: 'samplan-direct' });
  if (direct !== dataSource) await direct.initialize();
  const { applied } = await migrateUnderLock(direct, config.demo ? (ds) => seedDemoIfEmpty(ds, systemClock).then(() => undefined) : undefined);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);

  // Live updates: startServer creates this instance's feed (LISTEN connection, and a poll
  // every EVENT_POLL_MS) from the live module's registration, and stops it after the sockets.
  const server = await startServer(
    { dataSource, ...(direct !== dataSource ? { directDataSource: direct } : {}), config, clock: systemClock, logger, tokens, modules: appModules },
    { port: config.port, host: config.host },
  );
  // Deadlines pass while nobody writes: once a day every active programme's warnings are
  // re-evaluated and changes go out as WARNINGS_CHANGED (one instance at a time, by lock).
  const sweep = startWarningSweep({ dataSource: direct, clock: systemClock, logger }, appendSweepEvents);
  void sweep.runNow();
  logger.info({ url: server.url, readyInMs: Date.now() - started, demo: config.demo }, 'Samplan is ready');
  process.stdout.write(`\nSamplan kører på ${server.url}  (GraphQL: ${server.url}/graphql)\n`);
  if (devOidc) {
    process.stdout.write(`Log ind via den lokale OpenID-udbyder (${devOidc.settings.issuer}) med et demobrugernavn eller en e-mailadresse.\n`);
  }
  if (config.demo) {
    process.stdout.write(`${demoUsersLine()}\n\n`);
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const code = await stopInOrder(
      [
        ['HTTP and WebSocket server', () => server.stop()],
        ['warning sweep', () => sweep.stop()],
        ['direct database connections', () => (direct !== dataSource ? direct.destroy() : undefined)],
        ['database connections', () => dataSource.destroy()],
        ['embedded PostgreSQL', () => db.embedded?.stop()],
        ['local OpenID provider', () => devOidc?.stop()],
      ],
      logger,
      config.logLevel,
    );
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * Runs every step of the shutdown, in order, even after one has failed: a server that could
 * not be stopped cleanly must still close the database and stop an embedded PostgreSQL. A
 * failed step is logged with its reason (the stack only with LOG_LEVEL=debug, as at the
 * start) and makes the exit code 1, so that an orchestrator and whoever reads its record see
 * that the stop was not clean rather than a silent 0. Returns the exit code.
 */
export async function stopInOrder(
  steps: ReadonlyArray<readonly [what: string, stop: () => Promise<unknown> | unknown]>,
  logger: Pick<Logger, 'error'>,
  logLevel: string | undefined,
): Promise<0 | 1> {
  let code: 0 | 1 = 0;
  for (const [what, stop] of steps) {
    try {
      await stop();
    } catch (err) {
      code = 1;
      logger.error({ step: what, err: reasonOf(err, logLevel === 'debug') }, 'shutdown step failed');
    }
  }
  return code;
}

// Run as a program (node server/dist/main.js), not when a test imports stopInOrder.
if (require.main === module) {
  // The reason in one line (a missing setting, an unreachable database); the stack only when asked for.
  main().catch((err) => exitWithReason('Samplan could not start', err, settings?.logLevel));
}
