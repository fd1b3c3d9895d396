import { Client } from 'pg';

type Sent = string | { text?: string; statements?: Array<{ sql: string }> } | undefined;

/**
 * Records every message the server sends to PostgreSQL through node-postgres while the test
 * file runs: one `query` call is one round trip, however many statements it holds. Each
 * message is kept as its statements (a pipelined batch holds several); a test counting
 * round trips reads them joined. Installed in the file's beforeAll and removed in its afterAll.
 */
export function recordPgMessages(): string[][] {
  const messages: string[][] = [];
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  beforeAll(() => {
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const first = args[0] as Sent;
      messages.push(typeof first === 'string' ? [first] : (first?.statements?.map((s) => s.sql) ?? [first?.text ?? '?']));
      return original.apply(this, args);
    } as typeof Client.prototype.query;
  });
  afterAll(() => {
    Client.prototype.query = original as typeof Client.prototype.query;
  });
  return messages;
}
