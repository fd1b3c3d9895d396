import 'reflect-metadata';
import { createTokenVerifier } from '../server/src/core/auth/tokens';
import { systemClock } from '../server/src/core/clock';
import { configFromEnv } from '../server/src/core/config';
import { appModules, createAppDataSource } from '../server/src/app-modules';
import { startServer } from '../server/src/core/http/app';
import { createLogger } from '../server/src/core/logging/logger';
import { cpuMs, type FromInstance, type ToInstance } from './bench-kit';

/**
 * One server instance of the fan-out benchmark, in a process of its own (as in production:
 * its own event loop, pool and LISTEN connection). Started by fanout.ts with DATABASE_URL.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const config = { ...configFromEnv({ ...process.env, DEMO: '1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }, { demo: true }), databaseUrl: url };
  const logger = createLogger(config.logLevel);
  const dataSource = createAppDataSource(url, { poolSize: 10, applicationName: 'samplan-bench-instance' });
  await dataSource.initialize();
  const server = await startServer(
    { dataSource, config, clock: systemClock, logger, tokens: createTokenVerifier(config.auth), modules: appModules },
    { port: 0, host: '127.0.0.1' },
  );
  const send = (m: FromInstance) => process.send!(m);
  process.on('message', async (m: ToInstance) => {
    if (m.type === 'stats') {
      const s = server.feed.stats();
      send({ type: 'stats', listeners: s.listeners, last: s.last, cpuMs: cpuMs() });
    } else if (m.type === 'stop') {
      await server.stop();
      await dataSource.destroy();
      process.exit(0);
    }
  });
  send({ type: 'ready', url: server.url });
}

main().catch((err) => {
  process.stderr.write(`bench instance failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
