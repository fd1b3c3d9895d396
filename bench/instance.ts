import 'reflect-metadata';
import { Client } from 'pg';
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
/**
 * Every message this process sends to PostgreSQL through node-postgres (one `query` call is
 * one message and one round trip, however many statements its text holds), so a benchmark
 * can count the round trips of one request.
 */
const sent: string[] = [];
function countStatements(): void {
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; constructor: { name: string } };
    const batch = (first as { statements?: Array<{ sql: string }> })?.statements;
    sent.push(typeof first === 'string' ? first : first?.text ?? (batch ? batch.map((s) => s.sql).join('; ') : first?.constructor?.name ?? '?'));
    return original.apply(this, args);
  } as typeof Client.prototype.query;
}

async function main(): Promise<void> {
  countStatements();
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
      const used = process.cpuUsage();
      send({ type: 'stats', listeners: s.listeners, last: s.last, cpuMs: cpuMs(), userMs: used.user / 1000, systemMs: used.system / 1000 });
    } else if (m.type === 'statements') {
      // Whole texts: the benchmark tells the feed's own statements apart by what follows their columns.
      send({ type: 'statements', texts: sent.map((t) => t.replace(/\s+/g, ' ')) });
      if (m.reset) sent.length = 0;
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
