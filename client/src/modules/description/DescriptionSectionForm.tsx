import { useApolloClient, useMutation } from '@apollo/client/react';
import { EMPTY_SECTION_NOT_OWN_WORDS } from '@samplan/schema';
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { conflictOf } from '../../core/forms/conflict';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { VersionedEditForm, type FormField } from '../../core/forms/VersionedEditForm';
import { ErrorNotice, StatusNotice } from '../../core/ui';
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

/**
 * "Redigér" for one section: the text through the shared versioned form (conflicts, field
 * errors), and whether it is written in the citizen's own words. A change of only that
 * checkbox is saved too (the shared form sees no changed field then), with the text and
 * version the user saw when the form opened: the section is read again live, and saving on
 * its newest version would mark a text they never saw, or put their older text back. A
 * CONFLICT then shows the section as it is now, with the checkbox as they set it.
 */
export function DescriptionSectionForm(props: {
  planId: string;
  section: EditableSection;
  /**
   * The citizen has written the section since the form opened (a live event): it is theirs now,
   * and the server refuses a save of staff. The form stays, with the user's text in it.
   */
  byCitizen?: boolean;
  /** Why the form can no longer be saved (the programme has ended); the typed text stays. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { section, byCitizen = false } = props;
  const id = useId();
  const client = useApolloClient();
  const [update, { loading }] = useMutation(UpdateDescriptionSectionMutation);
  // The section as the user sees it in the form: as read when it opened, after a conflict as it is now.
  const [shown, setShown] = useState(() => ({ text: section.text, version: section.version, inCitizensOwnWords: section.inCitizensOwnWords }));
  const [ownWords, setOwnWords] = useState(section.inCitizensOwnWords);
  const [error, setError] = useState<unknown>(null);
  const [changedBy, setChangedBy] = useState<string | null>(null);
  const saved = useRef(false);
  // Asked only who saved the section last (the shared form below tells the screen it is open).
  const editing = useRecordEditing(section.id, false);
  // "Gem" goes out of use while the section is the citizen's (the shared form's own button
  // knows only its saving state); the disabled default button also stops Enter from sending.
  const form = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const gem = form.current?.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (gem) gem.disabled = byCitizen || loading;
  });
  // After the end nothing is saved, the checkbox alone neither.
  const cannotSave = props.cannotSave ?? null;
  const send = (text: string, expectedVersion: number, baseVersion?: number) =>
    update({ variables: { input: { planId: props.planId, kind: section.kind as never, text, inCitizensOwnWords: ownWords, expectedVersion, baseVersion } } });

  const done = async (message: string) => {
    if (cannotSave || saved.current || ownWords === shown.inCitizensOwnWords) return props.onDone(message);
    setError(null);
    try {
      await send(shown.text, shown.version);
      props.onDone('Ændringen er gemt.');
    } catch (e) {
      const c = conflictOf(e);
      if (!c) return setError(e);
      // The section as it is now, in the card and in the form (the text field starts again from it).
      applyEntityToCache(client.cache, c.current, { typename: 'DescriptionSection' });
      const now = { text: String(c.current.text ?? ''), version: c.current.version, inCitizensOwnWords: c.current.inCitizensOwnWords === true };
      setShown(now);
      // The newer save may be the user's own, in another window of the plan: said so, not "en anden".
      const savedBy = editing.savedByMe(c.current) ? 'Afsnittet er gemt af dig i et andet vindue, mens du redigerede her' : 'En anden har gemt en ændring af afsnittet, mens du redigerede';
      setChangedBy(
        `${savedBy}, så din markering er ikke gemt. Du ser nu afsnittet, som det er gemt${
          now.inCitizensOwnWords === ownWords ? ', og det er allerede markeret, som du valgte.' : '. Tryk på "Gem" igen for at gemme din markering.'
        }`,
      );
    }
  };

  const checkbox = mayBeOwnWords(section.kind) ? (
    <p className="checkbox">
      <input id={`${id}-own-words`} type="checkbox" checked={ownWords} disabled={!!cannotSave} onChange={(e) => setOwnWords(e.target.checked)} />
      <label htmlFor={`${id}-own-words`}>Skrevet med borgerens egne ord</label>
    </p>
  ) : null;

  return (
    <div ref={form}>
      {byCitizen && !cannotSave ? (
        <div className="notice notice-info" role="alert" data-testid="section-now-citizens">
          <p className="notice-title">Borgeren har selv skrevet i afsnittet &quot;{section.title}&quot;, mens du redigerede</p>
          <p>Afsnittet er nu skrevet med borgerens egne ord, som kun borgeren kan ændre. Derfor kan din tekst ikke gemmes. Den står stadig i feltet, så du kan kopiere den, før du lukker.</p>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} title="Afsnittet blev ikke gemt" /> : null}
      <StatusNotice message={changedBy} />
      <VersionedEditForm
        key={shown.version}
        heading={`Redigér "${section.title}"`}
        subject="Afsnittet"
        typename="DescriptionSection"
        fields={[textField(section)]}
        record={{ id: section.id, version: shown.version, text: shown.text }}
        liveVersion={section.version}
        // A save to compare with is no longer to be had once the section is the citizen's.
        staleNotice={byCitizen ? undefined : 'En anden har gemt en ændring af afsnittet, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver.'}
        intro={checkbox}
        // Said before sending, as the server would: an empty section has no words to be the citizen's.
        check={(values): Record<string, string> => (ownWords && !(values.text ?? '').trim() ? { text: EMPTY_SECTION_NOT_OWN_WORDS } : {})}
        cannotSave={cannotSave}
        save={async (changed, expectedVersion, onTopOf, baseVersion) => {
          const text = typeof changed.text === 'string' ? changed.text : String(onTopOf.text ?? '');
          try {
            const result = await send(text, expectedVersion ?? shown.version, baseVersion);
            saved.current = true;
            return result;
          } catch (e) {
            // A conflict hands the mark to the conflict view, which saves it with the text or
            // drops both ("Tag den nyeste udgave"). A refusal of the text leaves the mark to be
            // saved on its own (done), should the text then be put back as it was.
            if (conflictOf(e)) saved.current = true;
            throw e;
          }
        }}
        loading={loading}
        failedTitle="Afsnittet blev ikke gemt"
        savedMessage={`"${section.title}" er gemt.`}
        onDone={(message) => void done(message)}
        onCancel={props.onCancel}
      />
    </div>
  );
}
