import { useMutation } from '@apollo/client/react';
import { EMPTY_SECTION_NOT_OWN_WORDS } from '@samplan/schema';
import { useLayoutEffect, useRef, useState } from 'react';
import { VersionedEditForm, type FormField } from '../../core/forms/VersionedEditForm';
import { UpdateDescriptionSectionMutation } from './description.documents';

/** The most a section may hold, as the server checks it. */
export const DESCRIPTION_TEXT_MAX = 10_000;

export interface EditableSection {
  id: string;
  kind: string;
  title: string;
  text: string;
  inCitizensOwnWords: boolean;
  version: number;
}

/** Only the citizen's own sections can be in their own words; the sundhedskoordinator's advice is the coordinator's. */
export const mayBeOwnWords = (kind: string) => kind !== 'HEALTH_COORDINATOR_ADVICE';

function textField(section: EditableSection): FormField {
  return {
    key: 'text',
    label: section.title,
    input: 'textarea',
    hint: `Højst ${DESCRIPTION_TEXT_MAX.toLocaleString('da-DK')} tegn. En tom tekst tømmer afsnittet.`,
  };
}

const OWN_WORDS_FIELD: FormField = { key: 'inCitizensOwnWords', label: 'Skrevet med borgerens egne ord', input: 'checkbox' };

/**
 * "Redigér" for one section, through the shared versioned form: the text, and whether it is
 * written in the citizen's own words. The mark is a field of the form like the text: a change of
 * it alone is saved (on the text the user saw), and in a conflict it is chosen field by field
 * with the text. The server takes both in every save, so what the user did not change is sent as
 * the record it goes on top of has it: the version the form opened on, after a conflict the
 * newest, never the copy the form opened with over a colleague's newer mark.
 */
export function DescriptionSectionForm(props: {
  planId: string;
  section: EditableSection;
  /**
   * The citizen has written the section since the form opened (a live event): it is theirs now,
   * and the server refuses a save of staff. The form stays, with the user's text in it.
   */
  byCitizen?: boolean;
  /** Why the form can no longer be saved (the programme has ended, the plan was taken from the user); the typed text stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { section, byCitizen = false } = props;
  const [update, { loading }] = useMutation(UpdateDescriptionSectionMutation);
  // The section as the form opened on it: the section itself is read again live.
  const [opened] = useState(() => ({ id: section.id, version: section.version, text: section.text, inCitizensOwnWords: section.inCitizensOwnWords }));
  // "Gem" goes out of use while the section is the citizen's (the shared form's own button
  // knows only its saving state); the disabled default button also stops Enter from sending.
  const form = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const gem = form.current?.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (gem) gem.disabled = byCitizen || loading;
  });
  const fields = mayBeOwnWords(section.kind) ? [textField(section), OWN_WORDS_FIELD] : [textField(section)];

  return (
    <div ref={form}>
      {byCitizen && !props.cannotSave ? (
        <div className="notice notice-info" role="alert" data-testid="section-now-citizens">
          <p className="notice-title">Borgeren har selv skrevet i afsnittet &quot;{section.title}&quot;, mens du redigerede</p>
          <p>Afsnittet er nu skrevet med borgerens egne ord, som kun borgeren kan ændre. Derfor kan din tekst ikke gemmes. Den står stadig i feltet, så du kan kopiere den, før du lukker.</p>
        </div>
      ) : null}
      <VersionedEditForm
        heading={`Redigér »${section.title}«`}
        subject="Afsnittet"
        typename="DescriptionSection"
        fields={fields}
        record={opened}
        liveVersion={section.version}
        // A save to compare with is no longer to be had once the section is the citizen's.
        staleNotice={byCitizen ? undefined : 'En anden har gemt en ændring af afsnittet, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver.'}
        // Said before sending, as the server would: an empty section has no words to be the citizen's.
        check={(values): Record<string, string> => (values.inCitizensOwnWords === 'true' && !(values.text ?? '').trim() ? { text: EMPTY_SECTION_NOT_OWN_WORDS } : {})}
        cannotSave={props.cannotSave ?? null}
        save={(changed, expectedVersion, onTopOf, baseVersion) => {
          // What the user did not change goes as the record the save goes on top of has it.
          const text = typeof changed.text === 'string' ? changed.text : String(onTopOf.text ?? '');
          const inCitizensOwnWords = typeof changed.inCitizensOwnWords === 'boolean' ? changed.inCitizensOwnWords : onTopOf.inCitizensOwnWords === true;
          return update({
            variables: { input: { planId: props.planId, kind: section.kind as never, text, inCitizensOwnWords, expectedVersion: expectedVersion ?? opened.version, baseVersion } },
          });
        }}
        loading={loading}
        failedTitle="Afsnittet blev ikke gemt"
        savedMessage={`»${section.title}« er gemt.`}
        onDone={props.onDone}
        onCancel={props.onCancel}
      />
    </div>
  );
}
