import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppDataSource } from '../../server/src/app-modules';
import { ensureDatabase } from '../../server/src/core/db/bootstrap-db';
import { freePort } from '../../server/src/core/db/embedded';
import { migrateUnderLock } from '../../server/src/core/db/migrate';
import type { TestDatabase } from '../../server/src/test-support/test-db';

/**
 * A PostgreSQL of the test's own that it can stop and start again on the same port (embedded,
 * data in a temp folder; test/support/embedded-pg-process.mjs) — never the shared one — and a
 * migrated database on it for a test server.
 */
export interface OwnPostgres {
  url: string;
  db: TestDatabase;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Whether it is started (and not stopped since). */
  isRunning(): boolean;
  /** Stops it for good and removes its data. */
  remove(): Promise<void>;
}

export async function ownPostgres(): Promise<OwnPostgres> {
  // The postgres system user (embedded PostgreSQL runs as it under root) must reach the folder.
  const dir = mkdtempSync(path.join(tmpdir(), 'samplan-outage-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const started = spawn(process.execPath, [path.join(__dirname, 'embedded-pg-process.mjs'), path.join(dir, 'data'), String(port)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      started.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('ready')) resolve();
      });
      started.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      started.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}: ${output}`)));
    });
    child = started;
  };
  const stop = async (): Promise<void> => {
    const running = child;
    if (!running) return;
    child = null;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/samplan`;
  await ensureDatabase(url);
  const dataSource = createAppDataSource(url);
  await dataSource.initialize();
  await migrateUnderLock(dataSource);
  const db: TestDatabase = { url, name: 'samplan', dataSource, drop: async () => undefined };
  return {
    url,
    db,
    stop,
    start,
    isRunning: () => child !== null,
    async remove() {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
