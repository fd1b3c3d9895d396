import { AREA_LABELS } from '../../core/labels';

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
