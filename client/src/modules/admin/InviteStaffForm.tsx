import { useMutation } from '@apollo/client/react';
import { useId, type FormEvent } from 'react';
import { FieldGrid } from '../../core/forms/FieldInput';
import { FormActions } from '../../core/forms/FormParts';
import type { EditField } from '../../core/forms/fields';
import type { Problems } from '../../core/forms/formErrors';
import type { Role } from '../../gql/graphql';
import { checkName, InviteStaffMutation } from './admin';
import { useAdminForm } from './AdminParts';
import { placeStaff } from './adminCache';
import { PHONE_FIELD, phoneProblems, ROLE_FIELD, roleAndUnit, roleAndUnitProblems, roleInUnit, unitField, type UnitChoice } from './staffFields';

const IDENTITY_HINT = 'Udfyld e-mail eller bruger-id. Personen bliver knyttet til invitationen, første gang de logger ind.';

const NAME: EditField = { key: 'name', label: 'Navn', input: 'text', required: true };
const EMAIL: EditField = { key: 'email', label: 'E-mail', input: 'text', hint: IDENTITY_HINT };
const SUBJECT: EditField = {
  key: 'subject',
  label: 'Bruger-id hos identitetsudbyderen',
  input: 'text',
  hint: 'Brug bruger-id’et, hvis personen ikke har en e-mail, som identitetsudbyderen oplyser.',
};

/** A plain check of the e-mail's form; the server has the last word. */
const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);

function checkIdentity(email: string, subject: string): Problems {
  const e = email.trim();
  if (!e && !subject.trim()) return { email: 'Skriv en e-mail eller et bruger-id hos identitetsudbyderen.' };
  if (e && !looksLikeEmail(e)) return { email: 'Skriv en gyldig e-mail, fx navn@kommune.dk.' };
  return {};
}

/**
 * "Inviter medarbejder": a caseworker, leader, mentor (external ones too) or administrator,
 * by e-mail or by the identity provider's subject, with their role and unit.
 */
export function InviteStaffForm(props: { units: readonly UnitChoice[]; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { values, set, problems, check, refused, failure } = useAdminForm(id, () => ({ name: '', email: '', subject: '', phone: '', role: 'CASEWORKER', unitId: '' }));
  const [invite, { loading }] = useMutation(InviteStaffMutation, {
    // Once, though the live word of it may have added them already (placeStaff).
    update: (cache, { data }) => {
      if (data) placeStaff(cache, data.inviteStaff);
    },
  });
  const unit = unitField(values.role as Role, props.units);
  const fields: EditField[] = [NAME, EMAIL, SUBJECT, PHONE_FIELD, ROLE_FIELD, ...(unit ? [unit] : [])];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nameProblem = checkName(values.name, 'personens navn');
    const found: Problems = {
      ...(nameProblem ? { name: nameProblem } : {}),
      ...checkIdentity(values.email, values.subject),
      ...phoneProblems(values.phone),
      ...roleAndUnitProblems(values, fields),
    };
    if (!check(found, fields)) return;
    const name = values.name.trim();
    const { role, unitId } = roleAndUnit(values);
    try {
      await invite({ variables: { input: { name, email: values.email.trim() || null, subject: values.subject.trim() || null, phone: values.phone.trim() || null, role, unitId } } });
      const unitName = props.units.find((u) => u.id === unitId)?.name;
      props.onDone(`${name} er inviteret som ${roleInUnit(role, unitName)}.`);
    } catch (e) {
      refused(e, fields);
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="edit-form-title">
        Inviter medarbejder
      </h3>
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={set} />
      {failure('Medarbejderen blev ikke inviteret')}
      <FormActions loading={loading} submitLabel="Inviter" busyLabel="Inviterer…" onCancel={props.onCancel} />
    </form>
  );
}
