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
import { EMAIL_MAX, PHONE_FIELD, phoneProblems, ROLE_FIELD, roleAndUnit, roleAndUnitProblems, roleInUnit, STAFF_NAME_FIELD, SUBJECT_MAX, tooLongProblems, unitField, type UnitChoice } from './staffFields';

const IDENTITY_HINT = 'Udfyld e-mail eller bruger-id. Personen bliver knyttet til invitationen, første gang de logger ind.';

const EMAIL: EditField = { key: 'email', label: 'E-mail', input: 'text', hint: IDENTITY_HINT, maxChars: EMAIL_MAX };
// The server binds an invitation that names a subject by that subject only: an e-mail given
// with it is never checked at sign-in (modules/org/actor.service.ts). A wrong subject (a
// user name or UPN typed instead of the provider's `sub`) would never bind, so the field says so.
const SUBJECT: EditField = {
  key: 'subject',
  label: 'Bruger-id hos identitetsudbyderen',
  input: 'text',
  hint:
    'Brug bruger-id’et, hvis personen ikke har en e-mail, som identitetsudbyderen oplyser. ' +
    'Udfylder du det, genkender Samplan kun personen på bruger-id’et, og e-mailen er så kun en kontaktoplysning. ' +
    'Skriv det præcis, som identitetsudbyderen sender det – ikke personens brugernavn eller e-mail.',
  maxChars: SUBJECT_MAX,
};

/**
 * Samplan sends no e-mail of any kind: an invitation only waits for the person's first
 * sign-in. The administrator must tell them where Samplan is and how to sign in, so the form
 * and its message say so, with Samplan's address.
 */
const samplanAddress = () => window.location.origin;

/** Who can give the municipality a second administrator when it has one only: its operations (`npm run setup -- … --add-admin`). */
export const NO_APPROVER_ADD = 'Kommunens drift kan tilføje en administrator mere.';

/** How the invited person signs in, as the invitation will recognise them: by the subject when one is given. */
const workLogin = (email: string | null, subject: string | null) => (subject ? `bruger-id ${subject}` : email);

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
 * by e-mail or by the identity provider's subject, with their role and unit. Another
 * administrator approves the invitation before it binds; `noOtherAdministrator` says that
 * nobody can yet.
 */
export function InviteStaffForm(props: { units: readonly UnitChoice[]; onDone: (message: string) => void; onCancel: () => void; noOtherAdministrator?: boolean }) {
  const id = useId();
  const { values, set, problems, check, refused, failure } = useAdminForm(id, () => ({ name: '', email: '', subject: '', phone: '', role: 'CASEWORKER', unitId: '' }));
  const [invite, { loading }] = useMutation(InviteStaffMutation, {
    // Once, though the live word of it may have added them already (placeStaff).
    update: (cache, { data }) => {
      if (data) placeStaff(cache, data.inviteStaff);
    },
  });
  const unit = unitField(values.role as Role, props.units);
  const fields: EditField[] = [STAFF_NAME_FIELD, EMAIL, SUBJECT, PHONE_FIELD, ROLE_FIELD, ...(unit ? [unit] : [])];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nameProblem = checkName(values.name, 'personens navn');
    const found: Problems = {
      ...tooLongProblems(fields, values),
      ...(nameProblem ? { name: nameProblem } : {}),
      ...checkIdentity(values.email, values.subject),
      ...phoneProblems(values.phone),
      ...roleAndUnitProblems(values, fields),
    };
    if (!check(found, fields)) return;
    const name = values.name.trim();
    const { role, unitId } = roleAndUnit(values);
    const email = values.email.trim() || null;
    const subject = values.subject.trim() || null;
    try {
      await invite({ variables: { input: { name, email, subject, phone: values.phone.trim() || null, role, unitId } } });
      const unitName = props.units.find((u) => u.id === unitId)?.name;
      const invited = `${name} er inviteret som ${roleInUnit(role, unitName)}.`;
      const address = `Samplans adresse, ${samplanAddress()}, og bed personen logge ind med sit arbejdslogin (${workLogin(email, subject)})`;
      // With nobody to approve it, asking the person to sign in now would only show them a waiting page.
      props.onDone(
        props.noOtherAdministrator
          ? `${invited} Ingen kan godkende invitationen, før kommunen får en administrator mere. ${NO_APPROVER_ADD} Når invitationen er godkendt, kan ${name} logge ind: Samplan sender ingen e-mail, så giv da selv ${name} ${address}.`
          : `${invited} Samplan sender ingen e-mail: giv selv ${name} ${address}. En anden administrator skal godkende invitationen, før ${name} kan logge ind.`,
      );
    } catch (e) {
      refused(e, fields);
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="edit-form-title">
        Inviter medarbejder
      </h3>
      <p className="hint">
        Samplan sender ingen e-mail. Når personen er inviteret, skal du selv give dem Samplans adresse, {samplanAddress()}, og bede dem logge ind med deres
        arbejdslogin: den e-mail eller det bruger-id, du skriver her. En anden administrator skal godkende invitationen, før personen kan logge ind.
      </p>
      {props.noOtherAdministrator ? (
        <p className="notice notice-info" data-testid="no-other-administrator">
          Kræver godkendelse af en anden administrator. Kommunen har ingen anden aktiv administrator, så ingen kan godkende invitationen, og personen kan ikke logge
          ind, før kommunen får en administrator mere. {NO_APPROVER_ADD}
        </p>
      ) : null}
      <FieldGrid id={id} fields={fields} values={values} problems={problems} onChange={set} />
      {failure('Medarbejderen blev ikke inviteret')}
      <FormActions loading={loading} submitLabel="Inviter" busyLabel="Inviterer…" onCancel={props.onCancel} />
    </form>
  );
}
