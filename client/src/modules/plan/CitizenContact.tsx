import { useMutation } from '@apollo/client/react';
import { normalPhone, TEXT_LIMITS } from '@samplan/schema';
import { useRef, useState } from 'react';
import { phoneProblems } from '../../core/forms/fields';
import { FormPanel } from '../../core/forms/FormPanel';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ChangedFlag, highlightClass, useHighlight } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { usePlanCannotSave } from './planOpen';

export const CitizenContactFragment = graphql(`
  fragment CitizenContact_Citizen on Citizen {
    id
    phone
    address
    version
  }
`);

export const UpdateCitizenContactMutation = graphql(`
  mutation UpdateCitizenContact($input: UpdateCitizenContactInput!) {
    updateCitizenContact(input: $input) {
      id
      ...CitizenContact_Citizen
    }
  }
`);


const FIELDS: readonly FormField[] = [
  { key: 'phone', label: 'Telefon', input: 'text', hint: 'Fx 20 11 22 33. Tomt: intet nummer.' },
  { key: 'address', label: 'Adresse', input: 'text', hint: 'Tomt: ingen adresse.', maxChars: TEXT_LIMITS.title },
];

/** As VersionedEditForm says it (core/forms). */
const NOTHING_CHANGED = 'Der var ingen ændringer at gemme.';

/**
 * The changed fields, less a phone number that is the stored one as the server stores it
 * (normalPhone: "20  11 22 33" is "20 11 22 33"). The form compares the typed text, which
 * differs; sent, it would save the same number as a new version, with an event to the plan.
 */
function contactChanges(changed: Record<string, unknown>, storedPhone: string | null): Record<string, unknown> {
  if (typeof changed.phone !== 'string' || normalPhone(changed.phone) !== storedPhone) return changed;
  const { phone: _samePhone, ...rest } = changed;
  return rest;
}


/**
 * The citizen's phone and address under the plan's heading: what the caseworker calls and
 * where the mentor visits. Staff on a running plan correct them ("Ret kontaktoplysninger");
 * a change made elsewhere meanwhile opens the conflict view. A form left open when the
 * programme ends stays with what was typed, and cannot be saved.
 */
export function CitizenContact(props: { citizen: FragmentType<typeof CitizenContactFragment>; name: string; planId: string; canEdit: boolean }) {
  const citizen = getFragmentData(CitizenContactFragment, props.citizen);
  const [update, { loading }] = useMutation(UpdateCitizenContactMutation);
  const [message, setMessage] = useState<string | null>(null);
  const cannotSave = usePlanCannotSave();
  // A colleague's correction (CITIZEN_CONTACT_UPDATED names the citizen).
  const highlight = useHighlight(citizen.id);
  // A form kept open after the end has lost its button: closing it gives the focus to the section.
  const contact = useRef<HTMLElement>(null);
  return (
    <section ref={contact} tabIndex={-1} className={`citizen-contact${highlightClass(highlight)}`} aria-label="Borgerens kontaktoplysninger" data-testid="citizen-contact">
      <ChangedFlag highlight={highlight} />
      <EditingBadge recordId={citizen.id} />
      <dl className="facts facts-compact">
        <div>
          <dt>Telefon</dt>
          <dd>{citizen.phone ?? 'Ikke oplyst'}</dd>
        </div>
        <div>
          <dt>Adresse</dt>
          <dd>{citizen.address ?? 'Ikke oplyst'}</dd>
        </div>
      </dl>
      <StatusNotice message={message} />
      {props.canEdit || cannotSave ? (
        <FormPanel label="Ret kontaktoplysninger" offered={props.canEdit} focusWithoutButton={contact} onDone={setMessage} className="disclosure no-print">
          {(close, done) => (
            <VersionedEditForm
              heading={`Kontaktoplysninger for ${props.name}`}
              subject="Kontaktoplysningerne"
              typename="Citizen"
              fields={FIELDS}
              record={citizen}
              // The plan is read again on a colleague's correction: the form says so while it is open.
              liveVersion={citizen.version}
              staleNotice="En anden har gemt en ændring af kontaktoplysningerne, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
              cannotSave={cannotSave}
              // A number stored before this rule is left alone until someone changes it.
              check={(values: Values) => (values.phone === (citizen.phone ?? '') ? {} : phoneProblems(values.phone))}
              save={(changed, expectedVersion, _onTopOf, baseVersion) => {
                const changes = contactChanges(changed, citizen.phone ?? null);
                // Nothing left to change: nothing is sent, and the form says so, as the app's other forms do.
                if (Object.keys(changes).length === 0) return Promise.resolve();
                return update({ variables: { input: { planId: props.planId, expectedVersion: expectedVersion ?? citizen.version, baseVersion, ...changes } } });
              }}
              loading={loading}
              failedTitle="Kontaktoplysningerne blev ikke gemt"
              savedMessage={(changed) => (Object.keys(contactChanges(changed, citizen.phone ?? null)).length ? 'Kontaktoplysningerne er gemt.' : NOTHING_CHANGED)}
              onDone={done}
              onCancel={close}
            />
          )}
        </FormPanel>
      ) : null}
    </section>
  );
}
