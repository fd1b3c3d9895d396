import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmptyDatabase } from '../../server/src/test-support/test-db';
import { ensureServerBuilt, REPO } from '../support/spawn-server';

/**
 * The real server process (`node server/dist/main.js`) with a setting that does not fit:
 * it does not start on a guessed value; it exits 1 at once, before touching a database,
 * with one line on stderr that names the variable (server/src/core/config.ts).
 */
jest.setTimeout(120_000);

beforeAll(() => ensureServerBuilt());

function start(env: Record<string, string>, script = 'server/dist/main.js', args: string[] = []): { status: number | null; stderr: string; stdout: string } {
  const out = spawnSync(process.execPath, [path.join(REPO, script), ...args], {
    cwd: REPO,
    // DATABASE_URL points at nothing: a start that got past the settings would fail differently.
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', AUTH_SECRET: 'bad-env-test-secret-of-32-bytes-or-more', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: out.status, stderr: out.stderr, stdout: out.stdout };
}

it.each([
  [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535, got "abc"'],
  [{ NODE_ENV: 'Production' }, 'NODE_ENV must be production, development or test (a miscased "Production" would switch off every production check)'],
  [{ RATE_MUTATIONS_PER_MINUTE: '-1' }, 'RATE_MUTATIONS_PER_MINUTE must be a number above 0, got "-1"'],
])('refuses to start with %j, naming the variable in one line', (env, reason) => {
  const run = start(env);
  expect(run.status).toBe(1);
  expect(run.stderr).toBe(`Samplan could not start: Invalid environment: ${reason}\n`);
  expect(run.stdout).toBe('');
});

/**
 * Production never runs as a demo: demo login, the demo secret published in the source and
 * the embedded database are refused at start, with the reason in one line, before a
 * database is touched (core/config.ts).
 */
const PUBLISHED_DEMO_SECRET = 'samplan-demo-secret-only-for-local-demo-mode-0001';
it.each([
  [{ NODE_ENV: 'production', DEMO: '1' }, 'DEMO is on (demo login and demo seed are for local use only)'],
  [{ NODE_ENV: 'production', AUTH_SECRET: PUBLISHED_DEMO_SECRET }, 'AUTH_SECRET is the demo secret published in the source'],
  [{ NODE_ENV: 'production', DATABASE_URL: '' }, 'DATABASE_URL is not set (the embedded database is for local use only)'],
  [{ NODE_ENV: 'production', AUTH_SECRET: 'short' }, 'AUTH_SECRET is shorter than 32 bytes (anyone holding one token could find it offline and sign their own)'],
])('refuses to start in production with %j', (env, reason) => {
  const run = start(env);
  expect(run.status).toBe(1);
  expect(run.stderr).toBe(`Samplan could not start: Refused in production (NODE_ENV=production): ${reason}\n`);
  expect(run.stdout).toBe('');
});

it('refuses an AUTH_PUBLIC_KEY it cannot use before touching the database (the database here points at nothing)', () => {
  const run = start({ AUTH_SECRET: '', AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^Samplan could not start: Invalid environment: AUTH_PUBLIC_KEY is not a public key in PEM form .*\n$/);
  expect(run.stderr).not.toContain('DATABASE_URL');
});

it('refuses a CLIENT_DIST with no built client in it', () => {
  const run = start({ CLIENT_DIST: '/nonexistent/samplan-client' });
  expect(run.status).toBe(1);
  expect(run.stderr).toBe('Samplan could not start: CLIENT_DIST holds no index.html: /nonexistent/samplan-client\n');
});

/**
 * A database that cannot be used stops the server and the operator's commands (`npm run
 * migrate`, `npm run setup`) alike: one line naming the setting and where it points (the
 * password hidden), exit 1. Before, the commands printed a stack, and the server said only
 * "connect ECONNREFUSED 127.0.0.1:1", not which setting to correct.
 */
const SETUP_ARGS = ['--municipality', 'Ærø', '--admin', 'someone@kommune.dk'];
it.each([
  ['server/dist/main.js', [], 'Samplan could not start'],
  ['server/dist/migrate-cli.js', [], 'Samplan migrate failed'],
  ['server/dist/setup-cli.js', SETUP_ARGS, 'Samplan setup failed'],
])('%s names the database setting it cannot use, in one line', (script, args, prefix) => {
  const unreachable = start({ DATABASE_URL: 'postgres://samplan:hemmelig@127.0.0.1:1/samplan' }, script, args);
  expect(unreachable.status).toBe(1);
  expect(unreachable.stderr).toBe(`${prefix}: DATABASE_URL (postgres://samplan:***@127.0.0.1:1/samplan) cannot be used: connect ECONNREFUSED 127.0.0.1:1\n`);

  const direct = start({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATABASE_DIRECT_URL: 'postgres://samplan@db.invalid/samplan' }, script, args);
  expect(direct.status).toBe(1);
  expect(direct.stderr).toBe(`${prefix}: DATABASE_DIRECT_URL (postgres://samplan@db.invalid/samplan) cannot be used: getaddrinfo ENOTFOUND db.invalid\n`);

  const malformed = start({ DATABASE_URL: 'samplan-db:5432' }, script, args);
  expect(malformed.status).toBe(1);
  expect(malformed.stderr).toBe(`${prefix}: Invalid environment: DATABASE_URL must be a URL (postgres: or postgresql:)\n`);
});

/**
 * DATABASE_DIRECT_URL without DATABASE_URL: before, the direct URL was ignored and the embedded
 * PostgreSQL was started, migrated and seeded with the demo, while the operator believed the
 * real database was in use. Now the server and the tools refuse it in one line naming both.
 */
it.each([
  ['server/dist/main.js', [], 'Samplan could not start'],
  ['server/dist/migrate-cli.js', [], 'Samplan migrate failed'],
  ['server/dist/setup-cli.js', SETUP_ARGS, 'Samplan setup failed'],
])('%s refuses DATABASE_DIRECT_URL without DATABASE_URL', (script, args, prefix) => {
  const run = start({ DATABASE_URL: '', DATABASE_DIRECT_URL: 'postgres://samplan:hemmelig@127.0.0.1:1/samplan' }, script, args);
  expect(run.status).toBe(1);
  expect(run.stderr).toBe(
    `${prefix}: Invalid environment: DATABASE_DIRECT_URL is set without DATABASE_URL; set DATABASE_URL as well (the database the requests use), or remove DATABASE_DIRECT_URL\n`,
  );
  expect(run.stdout).toBe('');
});

/**
 * Behind a pooler, with DATABASE_DIRECT_URL usable, a DATABASE_URL (the pooler's address) that
 * cannot be used is named at the start like any other database setting. Before, the start got
 * past the direct URL's check and failed a moment later with a bare "connect ECONNREFUSED
 * 127.0.0.1:1". `npm run migrate` works on the direct connection alone, and needs no pooler.
 */
it('names a DATABASE_URL it cannot use when DATABASE_DIRECT_URL is set apart, and migrates without it', async () => {
  const db = await createEmptyDatabase();
  try {
    const pooler = { DATABASE_URL: 'postgres://samplan:hemmelig@127.0.0.1:1/samplan', DATABASE_DIRECT_URL: db.url, LOG_LEVEL: 'silent' };
    const run = start(pooler);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('Samplan could not start: DATABASE_URL (postgres://samplan:***@127.0.0.1:1/samplan) cannot be used: connect ECONNREFUSED 127.0.0.1:1\n');
    expect(run.stdout).toBe('');
    const migrated = start(pooler, 'server/dist/migrate-cli.js');
    expect({ status: migrated.status, stderr: migrated.stderr }).toEqual({ status: 0, stderr: '' });
  } finally {
    await db.drop();
  }
});

/**
 * A database address where something accepts the connection and never answers (a port
 * forwarded to the wrong service, a database host that hangs): before, the server and
 * `npm run migrate` waited there for ever without a word. Now they give up after 10 s, with
 * the setting named in one line, as for a database that refuses.
 */
it.each([
  ['server/dist/main.js', 'Samplan could not start'],
  ['server/dist/migrate-cli.js', 'Samplan migrate failed'],
])('%s gives up on a database address that never answers, in one line', async (script, prefix) => {
  const silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  try {
    // spawnSync holds this process's event loop; the kernel still accepts the connection.
    const run = start({ DATABASE_URL: `postgres://samplan:hemmelig@127.0.0.1:${port}/samplan` }, script);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${prefix}: DATABASE_URL (postgres://samplan:***@127.0.0.1:${port}/samplan) cannot be used: no answer within 10 s\n`);
  } finally {
    silent.close();
  }
});

/** A port already taken: the start fails in one line and exits 1, rather than waiting forever with nothing listening. */
it('exits 1 with the reason when its port is taken', async () => {
  const db = await createEmptyDatabase();
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = String((taken.address() as net.AddressInfo).port);
  try {
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO, 'server/dist/main.js')], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, DEMO: '1', AUTH_SECRET: 'bad-env-test-secret-of-32-bytes-or-more', PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (status) => {
        clearTimeout(timer);
        resolve({ status, stderr });
      });
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`Samplan could not start: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n`);
  } finally {
    taken.close();
    await db.drop();
  }
});

/**
 * The embedded PostgreSQL (no DATABASE_URL) that cannot start, here because EMBEDDED_PG_PORT
 * is taken: the start stops with PostgreSQL's own reason and the port. Before, the package
 * rejected with nothing, and the newcomer read "Samplan could not start: undefined" (as when
 * a second `npm start` found the data folder in use). Run in a process of its own, on the
 * built code, as the package is ESM-only.
 */
it('says why the embedded PostgreSQL did not start when its port is taken', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as net.AddressInfo).port;
  const dir = mkdtempSync(path.join(tmpdir(), 'samplan-t-embedded-'));
  // As root the server runs as the postgres user, which must be able to reach the folder.
  chmodSync(dir, 0o755);
  const script = `require(${JSON.stringify(path.join(REPO, 'server/dist/core/db/embedded.js'))})
    .startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, 'pg'))}, port: ${port}, persistent: false, log: () => undefined })
    .then((pg) => pg.stop().then(() => process.exit(0)), (err) => { process.stderr.write(String(err.message)); process.exit(1); });`;
  try {
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { cwd: REPO, env: { PATH: process.env.PATH ?? '' } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('exit', (status) => resolve({ status, stderr }));
    });
    expect(run.status).toBe(1);
    const head = `the embedded PostgreSQL (port ${port}, data in ${path.join(dir, 'pg')}) did not start: `;
    expect(run.stderr.startsWith(head)).toBe(true);
    // PostgreSQL's own words (in English they read 'could not bind IPv4 address "127.0.0.1":
    // Address already in use; Is another postmaster already running on port …?'), with the port.
    expect(run.stderr.slice(head.length)).toContain(String(port));
    expect(run.stderr).not.toContain('\n');
  } finally {
    taken.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * `npm test` with a TEST_DATABASE_URL (or a DATABASE_URL left in the shell) it cannot use
 * stops before any test, with one line naming the setting; before, every test of every file
 * failed on its own with "connect ECONNREFUSED".
 */
it('the test command names the test database setting it cannot use, before any test runs', () => {
  const out = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--selectProjects', 'server', '--testPathPatterns', 'src/app-modules'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', TEST_DATABASE_URL: 'postgres://postgres:hemmelig@127.0.0.1:1/postgres' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(out.status).toBe(1);
  expect(out.stderr).toContain(
    'TEST_DATABASE_URL (postgres://postgres:***@127.0.0.1:1/postgres) cannot be used for the tests: connect ECONNREFUSED 127.0.0.1:1. Unset it to test against an embedded PostgreSQL.',
  );
  expect(out.stderr).not.toContain('Tests:');
});
