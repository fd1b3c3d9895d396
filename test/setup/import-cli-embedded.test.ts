import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/src/core/db/embedded';
import { typeLaw, LawVersion } from '../../server/src/modules/rules/law/law-version';
import { ensureServerBuilt, REPO } from '../support/spawn-server';

/**
 * `npm run import` on a newcomer's machine: no DATABASE_URL, so the import starts the embedded
 * PostgreSQL, with the demo that `npm run migrate` seeded. A refused row ends it with exit code 1
 * there too, as the README says; before, the embedded PostgreSQL's package ended the process
 * with 0 once the run was over, and a script checking the code took the file as imported.
 *
 * The built server runs from a copy in a scratch folder: the embedded PostgreSQL keeps its data
 * in `.data/pg` beside the server (core/db/bootstrap-db.ts), and the repository's own stays untouched.
 */
jest.setTimeout(240_000);

let root: string;
let port: number;

beforeAll(async () => {
  await ensureServerBuilt();
  root = mkdtempSync(path.join(tmpdir(), 'samplan-import-embedded-'));
  // As root the embedded PostgreSQL runs as the postgres system user, who must reach the data folder.
  chmodSync(root, 0o755);
  mkdirSync(path.join(root, 'server'));
  cpSync(path.join(REPO, 'server/dist'), path.join(root, 'server/dist'), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  if (existsSync(path.join(REPO, 'server/node_modules'))) symlinkSync(path.join(REPO, 'server/node_modules'), path.join(root, 'server/node_modules'));
  port = await freePort();
});

afterAll(() => {
  if (!root) return;
  // A run killed by its timeout leaves its PostgreSQL running: stop it by the pid in its data folder.
  const pidFile = path.join(root, '.data/pg/postmaster.pid');
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
    } catch {
      // stopped already
    }
  }
  rmSync(root, { recursive: true, force: true });
});

/** One of the operator's commands as built, with no database setting: the embedded PostgreSQL on a free port. */
function run(script: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [path.join(root, 'server/dist', script), ...args], {
    cwd: root,
    // The shell's locale as well: the embedded cluster's encoding follows it, and the migrations need UTF-8.
    // No LANG, as in many containers: the embedded cluster is made UTF8 all the same (core/db/embedded.ts, initdbFlags).
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', EMBEDDED_PG_PORT: String(port) },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

const HEADER = 'cpr;navn;forløbstype;afgørelsesdato;startdato;slutdato;koordinator;enheder;mål;måltype;planperiode_slut';
const ROWS = [
  // 2: accepted.
  '120485-1123;Ane Import;jobafklaringsforløb;01-10-2026;15-10-2026;14-10-2027;dorte.madsen@fmk.dk;Jobcenter;Lagerarbejde;konkret job;14-10-2027',
  // 3: a ressourceforløb decided after 1 February 2026, when they were abolished for new citizens.
  '050580-3317;Cai Import;ressourceforløb;01-03-2026;15-03-2026;14-03-2027;dorte.madsen@fmk.dk;Jobcenter;Fleksjob;branche eller jobfunktion;14-03-2027',
];

it('on the embedded PostgreSQL, a refused row ends the import with exit code 1, in a dry run and with --commit', () => {
  const migrated = run('migrate-cli.js');
  expect({ status: migrated.status, stderr: migrated.stderr }).toEqual({ status: 0, stderr: '' });
  expect(migrated.stdout).toContain(`data in ${path.join(root, '.data/pg')}`);

  const file = path.join(root, 'forloeb.csv');
  writeFileSync(file, `${[HEADER, ...ROWS].join('\n')}\n`, 'utf8');
  const abolished = typeLaw(LawVersion.REFORM_2026, 'RESSOURCEFORLOEB').refusal!.message;
  const dry = run('import-cli.js', '--municipality', 'Faaborg-Midtfyn Kommune', '--file', file);
  expect({ status: dry.status, stdout: dry.stdout }).toEqual({
    status: 1,
    stdout: `Linje 3, forløbstype: ${abolished}\n2 rækker: 1 kan indlæses, 1 afvist (prøvekørsel: intet er skrevet; indlæs med --commit).\n`,
  });
  const commit = run('import-cli.js', '--municipality', 'Faaborg-Midtfyn Kommune', '--file', file, '--commit');
  expect({ status: commit.status, stdout: commit.stdout }).toEqual({ status: 1, stdout: `Linje 3, forløbstype: ${abolished}\n2 rækker: 1 indlæst, 1 afvist.\n` });
});
