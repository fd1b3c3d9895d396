import { stopInOrder } from './main';

/**
 * The server's shutdown (SIGTERM, Ctrl-C): a step that fails is logged with its reason, the
 * steps after it still run (the database is closed, an embedded PostgreSQL stopped), and the
 * exit code is 1. Before, the first failure skipped the rest and the process exited 0 without a word.
 */
describe('stopInOrder', () => {
  const logged = () => {
    const lines: Array<{ fields: Record<string, unknown>; msg: string }> = [];
    return { lines, logger: { error: (fields: Record<string, unknown>, msg: string) => void lines.push({ fields, msg }) } as never };
  };

  it('runs every step and answers 0 when none fails, logging nothing', async () => {
    const ran: string[] = [];
    const log = logged();
    const code = await stopInOrder([['a', () => void ran.push('a')], ['b', async () => void ran.push('b')], ['absent', () => undefined]], log.logger, 'info');
    expect(code).toBe(0);
    expect(ran).toEqual(['a', 'b']);
    expect(log.lines).toEqual([]);
  });

  it('logs a failed step in one line, goes on with the others, and answers 1', async () => {
    const ran: string[] = [];
    const log = logged();
    const code = await stopInOrder(
      [
        ['HTTP and WebSocket server', async () => { throw new Error('drain timed out'); }],
        ['database connections', () => void ran.push('database')],
        ['embedded PostgreSQL', async () => void ran.push('embedded')],
      ],
      log.logger,
      'info',
    );
    expect(code).toBe(1);
    expect(ran).toEqual(['database', 'embedded']);
    expect(log.lines).toEqual([{ fields: { step: 'HTTP and WebSocket server', err: 'drain timed out' }, msg: 'shutdown step failed' }]);
  });

  it('logs the stack only with LOG_LEVEL=debug', async () => {
    const log = logged();
    expect(await stopInOrder([['sweep', () => { throw new Error('lock lost'); }]], log.logger, 'debug')).toBe(1);
    expect(String(log.lines[0].fields.err)).toMatch(/^Error: lock lost\n\s+at /);
  });
});
