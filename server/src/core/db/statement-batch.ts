import { escapeLiteral } from 'pg';

// node-postgres's own conversion of a parameter to its text form (arrays, dates, JSON), so an
// inlined value reads exactly as the same value sent as a parameter.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

/**
 * One SQL statement with its `$n` parameters written into the text as literals, so several
 * statements can go to PostgreSQL in one message (the simple query protocol takes no
 * parameters). Every value is a quoted literal of unknown type, as a parameter is, and
 * PostgreSQL infers its type from where it stands, as it does for a parameter. Null when the
 * statement is not safe to inline: more than one statement, a `$n` without its value, a
 * binary value, or text the scanner does not follow (an unterminated quote or comment).
 */
export function inlineStatement(sql: string, params: readonly unknown[] = []): string | null {
  let out = '';
  let i = 0;
  let from = 0;
  const n = sql.length;
  const isIdent = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
  while (i < n) {
    const ch = sql[i];
    if (ch === "'") {
      // E'…' strings take backslash escapes; standard strings only ''.
      const extended = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !isIdent(sql[i - 2]);
      let j = i + 1;
      for (;;) {
        if (j >= n) return null;
        if (extended && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      i = j + 1;
    } else if (ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= n) return null;
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
        else if (sql[j] === '"') break;
        else j++;
      }
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      let j = i + 2;
      while (depth > 0) {
        if (j >= n) return null;
        if (sql[j] === '/' && sql[j + 1] === '*') (depth++, (j += 2));
        else if (sql[j] === '*' && sql[j + 1] === '/') (depth--, (j += 2));
        else j++;
      }
      i = j;
    } else if (ch === '$' && !isIdent(sql[i - 1])) {
      const param = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (param) {
        const index = Number(param[1]) - 1;
        if (index < 0 || index >= params.length) return null;
        const literal = toLiteral(params[index]);
        if (literal === null) return null;
        out += sql.slice(from, i) + literal;
        i += param[0].length;
        from = i;
        continue;
      }
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (!tag) {
        i++;
        continue;
      }
      const end = sql.indexOf(tag[0], i + tag[0].length);
      if (end < 0) return null;
      i = end + tag[0].length;
    } else if (ch === ';') {
      // Only a trailing semicolon: one statement per entry, one result per statement.
      if (sql.slice(i + 1).trim() !== '') return null;
      out += sql.slice(from, i);
      return out;
    } else {
      i++;
    }
  }
  return out + sql.slice(from);
}

function toLiteral(value: unknown): string | null {
  const prepared = prepareValue(value);
  if (prepared === null) return 'NULL';
  if (typeof prepared !== 'string') return null;
  // A NUL cannot be in a PostgreSQL text value; as a parameter it is refused too.
  if (prepared.includes('\u0000')) return null;
  return escapeLiteral(prepared);
}
