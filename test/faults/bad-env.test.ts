import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureServerBuilt, REPO } from '../support/spawn-server';

/**
 * The real server process (`node server/dist/main.js`) with a setting that does not fit:
 * it does not start on a guessed value; it exits 1 at once, before touching a database,
 * with one line on stderr that names the variable (server/src/core/config.ts).
 */
jest.setTimeout(120_000);

beforeAll(() => ensureServerBuilt());

function start(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const out = spawnSync(process.execPath, [path.join(REPO, 'server/dist/main.js')], {
    cwd: REPO,
    // DATABASE_URL points at nothing: a start that got past the settings would fail differently.
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', AUTH_SECRET: 'bad-env-test-secret', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: out.status, stderr: out.stderr, stdout: out.stdout };
}

it.each([
  [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535, got "abc"'],
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
])('refuses to start in production with %j', (env, reason) => {
  const run = start(env);
  expect(run.status).toBe(1);
  expect(run.stderr).toBe(`Samplan could not start: Refused in production (NODE_ENV=production): ${reason}\n`);
  expect(run.stdout).toBe('');
});
