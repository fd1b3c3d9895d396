import { AREA_LABELS } from './labels';

type SubGoalOption = { id: string; area: keyof typeof AREA_LABELS; text: string };

/** Check boxes for the plan's delmål, e.g. those an intervention serves or a mentor must know. */
export function SubGoalCheckboxes(props: {
  idPrefix: string;
  legend: string;
  subGoals: ReadonlyArray<SubGoalOption>;
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  if (props.subGoals.length === 0) return null;
  return (
    <fieldset className="checkbox-group">
      <legend>{props.legend}</legend>
      {props.subGoals.map((g) => (
        <div className="checkbox" key={g.id}>
          <input
            id={`${props.idPrefix}-sg-${g.id}`}
            type="checkbox"
            checked={props.selected.includes(g.id)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.selected, g.id] : props.selected.filter((x) => x !== g.id))}
          />
          <label htmlFor={`${props.idPrefix}-sg-${g.id}`}>
            {AREA_LABELS[g.area]}: {g.text}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** "Opret …" and "Annullér" at the foot of a create form. */
export function FormActions(props: { loading: boolean; submitLabel: string; busyLabel: string; onCancel: () => void }) {
  return (
    <p className="actions">
      <button type="submit" className="button" disabled={props.loading}>
        {props.loading ? props.busyLabel : props.submitLabel}
      </button>
      <button type="button" className="button button-secondary" onClick={props.onCancel} disabled={props.loading}>
        Annullér
      </button>
    </p>
  );
}
