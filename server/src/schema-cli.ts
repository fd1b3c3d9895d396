import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAppModulesSchema } from './app-modules';
import { exitWhenDone } from './core/exit-when-done';
import { printContract } from './core/schema';

/**
 * `--write` writes schema/schema.graphql from the server's resolvers;
 * `--check` fails when the committed file differs (the contract is committed).
 */
async function main(): Promise<number> {
  const file = path.resolve(__dirname, '../../schema/schema.graphql');
  const contract = printContract(await buildAppModulesSchema({ demo: true }));
  if (process.argv.includes('--write')) {
    writeFileSync(file, contract);
    process.stdout.write(`wrote ${file}\n`);
    return 0;
  }
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // missing file counts as stale
  }
  if (committed !== contract) {
    process.stderr.write(`schema/schema.graphql is stale: run \`npm run write:schema\` and commit it.\n`);
    return 1;
  }
  process.stdout.write('schema/schema.graphql is up to date\n');
  return 0;
}

exitWhenDone(main, (err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
