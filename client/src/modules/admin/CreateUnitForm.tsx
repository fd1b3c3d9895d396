import { useMutation } from '@apollo/client/react';
import { useId, type FormEvent } from 'react';
import { FieldGrid } from '../../core/forms/FieldInput';
import { FormActions } from '../../core/forms/FormParts';
import type { EditField } from '../../core/forms/fields';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../../core/labels';
import type { UnitKind } from '../../gql/graphql';
import { checkName, CreateUnitMutation, UNIT_NAME_MAX } from './admin';
import { useAdminForm } from './AdminParts';
import { placeUnit } from './adminCache';

const FIELDS: readonly EditField[] = [
  { key: 'name', label: 'Navn', input: 'text', required: true, hint: 'Fx »Socialpsykiatri« eller »Jobcenter Syd«.' },
  {
    key: 'kind',
    label: 'Art',
    input: 'select',
    required: true,
    hint: 'Arten bestemmer, hvilke indsatser enhedens medarbejdere arbejder med. Kommunen kan have flere enheder af samme art.',
    options: UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] })),
  },
];

/** "Opret enhed": a new unit of the municipality, with its name and kind. */
export function CreateUnitForm(props: { onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { values, set, problems, check, refused, failure } = useAdminForm(id, () => ({ name: '', kind: 'EMPLOYMENT' }));
  const [create, { loading }] = useMutation(CreateUnitMutation, {
    // Once, though the live word of it may have added it already (placeUnit).
    update: (cache, { data }) => {
      if (data) placeUnit(cache, data.createUnit);
    },
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nameProblem = checkName(values.name, 'enhedens navn', UNIT_NAME_MAX);
    if (!check(nameProblem ? { name: nameProblem } : {}, FIELDS)) return;
    const name = values.name.trim();
    const kind = values.kind as UnitKind;
    try {
      await create({ variables: { input: { name, kind } } });
      props.onDone(`Enheden »${name}« (${UNIT_KIND_LABELS[kind]}) er oprettet.`);
    } catch (e) {
      refused(e, FIELDS);
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="edit-form-title">
        Opret enhed
      </h3>
      <FieldGrid id={id} fields={FIELDS} values={values} problems={problems} onChange={set} />
      {failure('Enheden blev ikke oprettet')}
      <FormActions loading={loading} submitLabel="Opret enhed" busyLabel="Opretter…" onCancel={props.onCancel} />
    </form>
  );
}
