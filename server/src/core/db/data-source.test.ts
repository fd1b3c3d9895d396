import net from 'node:net';
import type { DataSource } from 'typeorm';
import { createAppDataSource } from '../../app-modules';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { isDatabaseUnavailable } from './availability';

/**
 * The server's connections to PostgreSQL when PostgreSQL ends a session at the worst moment:
 * as it becomes ready. Between a real PostgreSQL and the pool sits a relay that, once told
 * to, passes a new session's start on and, in the same network write as its "ready for
 * query", PostgreSQL's own goodbye at a shutdown (FATAL 57P01), then closes.
 */

let db: TestDatabase;
let relay: net.Server;
let endAsReady = false;

/** ErrorResponse FATAL 57P01, as PostgreSQL sends it to its sessions at a fast shutdown. */
function shutdownNotice(): Buffer {
  const fields = Buffer.concat(
    [['S', 'FATAL'], ['V', 'FATAL'], ['C', '57P01'], ['M', 'terminating connection due to administrator command']]
      .map(([type, text]) => Buffer.concat([Buffer.from(type), Buffer.from(text), Buffer.from([0])]))
      .concat(Buffer.from([0])),
  );
  const length = Buffer.alloc(4);
  length.writeInt32BE(fields.length + 4);
  return Buffer.concat([Buffer.from('E'), length, fields]);
}

/** Where the first ReadyForQuery ('Z') in `data` ends, if it has one (messages are type, length, body). */
function endOfFirstReady(data: Buffer): number | null {
  let at = 0;
  while (at + 5 <= data.length) {
    const end = at + 1 + data.readInt32BE(at + 1);
    if (end > data.length) return null;
    if (data[at] === 0x5a) return end;
    at = end;
  }
  return null;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const target = new URL(db.url);
  relay = net.createServer((client) => {
    const doomed = endAsReady;
    const server = net.connect(Number(target.port || 5432), target.hostname);
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
    client.on('data', (d) => server.write(d));
    client.on('end', () => server.end());
    let held = Buffer.alloc(0);
    server.on('data', (d) => {
      if (!doomed) {
        client.write(d);
        return;
      }
      held = Buffer.concat([held, d]);
      const ready = endOfFirstReady(held);
      if (ready === null) return;
      client.end(Buffer.concat([held.subarray(0, ready), shutdownNotice()]));
      server.destroy();
    });
    server.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => relay?.close(resolve));
  await db?.drop();
});

function relayedUrl(): string {
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String((relay.address() as net.AddressInfo).port);
  return url.toString();
}

it('a session PostgreSQL ends as it becomes ready fails its statement as the database being away, and the server stays up', async () => {
  const ds: DataSource = createAppDataSource(relayedUrl(), { poolSize: 2 });
  await ds.initialize();
  try {
    await expect(ds.query('SELECT 1 AS n')).resolves.toEqual([{ n: 1 }]);
    endAsReady = true;
    // The pool's one connection is busy with the first; the second needs a new one.
    const [held, fresh] = await Promise.allSettled([ds.query('SELECT pg_sleep(0.2)'), ds.query('SELECT 2 AS n')]);
    expect(held.status).toBe('fulfilled');
    expect(fresh.status).toBe('rejected');
    expect(isDatabaseUnavailable((fresh as PromiseRejectedResult).reason)).toBe(true);

    // The broken connection was not kept: once PostgreSQL is itself again, so are the answers.
    endAsReady = false;
    await expect(Promise.all([ds.query('SELECT pg_sleep(0.05)'), ds.query('SELECT 3 AS n')])).resolves.toEqual([[{ pg_sleep: '' }], [{ n: 3 }]]);
  } finally {
    endAsReady = false;
    await ds.destroy();
  }
});
