import type { EditField } from '../../core/forms/fields';
import { problemOf } from '../../core/forms/fields';
import type { Problems } from '../../core/forms/formErrors';
import { ROLE_LABELS, UNIT_KIND_LABELS } from '../../core/labels';
import type { Role, UnitKind } from '../../gql/graphql';
import { NAME_MAX, ROLES, unitRule } from './admin';

/** A unit as the staff forms offer it. */
export interface UnitChoice {
  id: string;
  name: string;
  kind: UnitKind;
  closedAt?: string | null;
}

const UNIT_HINTS = {
  required: 'En sagsbehandler arbejder i én enhed; enhedens art bestemmer, hvilke indsatser de skriver i.',
  optional: 'Vælg enheden for en leder af én enhed. Uden enhed er lederen leder i hele kommunen.',
} as const;

export const ROLE_FIELD: EditField = {
  key: 'role',
  label: 'Rolle',
  input: 'select',
  required: true,
  hint: 'Eksterne mentorer (fx fra en virksomhed) inviteres som Mentor: de ser kun de borgere, de er mentor for.',
  options: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
};

/**
 * The unit field for a role, or none: a caseworker must have a unit, a leader may, and a
 * mentor or administrator has none, so the field is not shown for them. Only open units take
 * new staff; the person's present unit stays a choice even when it has been closed.
 */
export function unitField(role: Role | '', units: readonly UnitChoice[], current?: string | null): EditField | null {
  const rule = unitRule(role);
  if (rule === 'none') return null;
  const choices = units.filter((u) => !u.closedAt || u.id === current);
  return {
    key: 'unitId',
    label: 'Enhed',
    input: 'select',
    required: rule === 'required',
    hint: UNIT_HINTS[rule],
    options: [
      // A required select has no empty choice of its own: this one makes the user choose.
      ...(rule === 'required' ? [{ value: '', label: 'Vælg enhed' }] : []),
      ...choices.map((u) => ({ value: u.id, label: `${u.name} (${UNIT_KIND_LABELS[u.kind]})${u.closedAt ? ' – lukket' : ''}` })),
    ],
  };
}

/** Role and unit as the API takes them: no unit for a role that has none. */
export function roleAndUnit(values: Readonly<Record<string, string>>): { role: Role; unitId: string | null } {
  const role = values.role as Role;
  return { role, unitId: unitRule(role) === 'none' ? null : values.unitId || null };
}

/** Problems with the role and unit before anything is sent. */
export function roleAndUnitProblems(values: Readonly<Record<string, string>>, fields: readonly EditField[]): Problems {
  const found: Problems = {};
  for (const field of fields.filter((f) => f.key === 'role' || f.key === 'unitId')) {
    const problem = problemOf(field, values[field.key] ?? '');
    if (problem) found[field.key] = problem;
  }
  return found;
}

/** "sagsbehandler i Socialpsykiatri", "leder", "mentor": a role and unit in a sentence. */
export function roleInUnit(role: Role, unitName: string | null | undefined): string {
  const r = ROLE_LABELS[role].toLowerCase();
  return unitName ? `${r} i ${unitName}` : r;
}

/** A person's name, as the server takes it (at most NAME_MAX characters, trimmed). */
export const STAFF_NAME_FIELD: EditField = { key: 'name', label: 'Navn', input: 'text', required: true, maxChars: NAME_MAX };

/** The limits of how an invitation names the login, as the server checks them (modules/admin/staff.types.ts). */
export const EMAIL_MAX = 320;
export const SUBJECT_MAX = 255;

/**
 * Texts longer than the server takes, each at its field, in the words every form uses ("E-mail
 * må højst være 320 tegn (du har skrevet 321)."), checked before anything is sent.
 */
export function tooLongProblems(fields: readonly EditField[], values: Readonly<Record<string, string>>): Problems {
  const found: Problems = {};
  for (const field of fields.filter((f) => f.maxChars !== undefined)) {
    const problem = problemOf(field, values[field.key] ?? '');
    if (problem) found[field.key] = problem;
  }
  return found;
}

/** The work phone a citizen calls: shown as the contact on their plan. */
export const PHONE_FIELD: EditField = {
  key: 'phone',
  label: 'Arbejdstelefon',
  input: 'text',
  hint: 'Det nummer, borgerne ringer til, fx 72 53 10 00. Vises som kontakt på borgerens plan.',
};

export { phoneProblems } from '../../core/forms/fields';
