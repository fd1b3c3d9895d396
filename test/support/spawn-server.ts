import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * The real server as it is deployed: `node server/dist/main.js` in a process of its own
 * (signals, exit codes, its own CPU core). The build is brought up to date first, once,
 * under a lock, so test files running in parallel do not compile over each other.
 */
export const REPO = path.resolve(__dirname, '../..');
const DIST_MAIN = path.join(REPO, 'server/dist/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export async function ensureServerBuilt(): Promise<void> {
  const lock = path.join(REPO, 'server/.build.lock');
  for (;;) {
    const fresh = existsSync(DIST_MAIN) && statSync(DIST_MAIN).mtimeMs >= newestSource(path.join(REPO, 'server/src'));
    if (fresh) return;
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Someone else is building (or a stale lock from a killed run: give up waiting after a minute).
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (age > 60_000) unlinkSync(lock);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      const out = spawnSync('npx', ['tsc', '-p', 'server/tsconfig.build.json'], { cwd: REPO, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`server build failed:\n${out.stdout}${out.stderr}`);
      return;
    } finally {
      closeSync(fd);
      unlinkSync(lock);
    }
  }
}

/**
 * One of the operator's commands as built (`server/dist/setup-cli.js`, what `npm run setup --`
 * calls after building), in a process of its own, with only what an operator sets for it: the
 * database (NODE_ENV production: no demo anything).
 */
export function runOperatorCommand(script: string, databaseUrl: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [path.join(REPO, 'server/dist', script), ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

export interface SpawnedServer {
  url: string;
  proc: ChildProcess;
  /** Every line the server wrote (pino JSON on stdout, anything on stderr). */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM (or the given signal) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  await ensureServerBuilt();
  // SAMPLAN_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server.
  const nodeArgs = process.env.SAMPLAN_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...nodeArgs, DIST_MAIN], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let pending = '';
  const collect = (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.trim() !== ''));
  };
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${lines.join('\n')}`)), 60_000);
    const check = () => {
      const m = lines.map((l) => /Samplan kører på (http:\/\/\S+)/.exec(l)).find(Boolean);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${lines.join('\n')}`));
    });
  });
  return {
    url: url.replace('localhost', '127.0.0.1'),
    proc,
    lines,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Parsed pino lines of a spawned server. */
export function logRecords(lines: string[]): Array<Record<string, unknown>> {
  return lines.flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
