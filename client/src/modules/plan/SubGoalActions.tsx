import { useFormPanel } from '../../core/forms/FormPanel';
import type { ProgressScale } from '../../gql/graphql';
import { SubGoalEditForm, type EditableSubGoal } from './SubGoalEditForm';
import { ProgressForm } from './SubGoalForms';
import { headingById, usePlanCannotSave } from './planOpen';

const SECTION_HEADING = headingById('subgoals-heading');

/**
 * A sub-goal's actions in one row: "Redigér" for the coordinator and "Registrér
 * progression" for anyone on the plan, each opening its form below the row. Each form opens
 * and closes by its own button only: opening one leaves the other open with what is typed in it.
 * A form left open when the programme ends stays with what is typed in it, and cannot be saved.
 */
export function SubGoalActions(props: {
  goal: EditableSubGoal;
  canEdit: boolean;
  canRecord: boolean;
  /** The scale of the goal's earlier measurements. */
  defaultScale?: ProgressScale;
  onMessage: (message: string | null) => void;
}) {
  // Their buttons gone with the end, closing a kept form gives the focus to the section's heading.
  const edit = useFormPanel(SECTION_HEADING);
  const record = useFormPanel(SECTION_HEADING);
  const cannotSave = usePlanCannotSave();
  const { goal } = props;
  const showEdit = props.canEdit || (edit.open && !!cannotSave);
  const showRecord = props.canRecord || (record.open && !!cannotSave);
  if (!showEdit && !showRecord) return null;
  return (
    <div className="sub-goal-wide">
      <p className="actions">
        {props.canEdit ? (
          <button
            {...edit.buttonProps}
            className="button button-secondary"
            onClick={() => {
              props.onMessage(null);
              edit.buttonProps.onClick();
            }}
          >
            Redigér<span className="visually-hidden"> delmålet {goal.text}</span>
          </button>
        ) : null}
        {props.canRecord ? (
          <button
            {...record.buttonProps}
            className="button button-secondary"
            onClick={() => {
              props.onMessage(null);
              record.buttonProps.onClick();
            }}
          >
            Registrér progression<span className="visually-hidden"> på {goal.text}</span>
          </button>
        ) : null}
      </p>
      {showEdit ? (
        <div {...edit.panelProps}>
          {edit.open ? (
            <SubGoalEditForm
              subGoal={goal}
              cannotSave={cannotSave}
              onCancel={edit.close}
              onDone={(m) => {
                props.onMessage(m);
                edit.close();
              }}
            />
          ) : null}
        </div>
      ) : null}
      {showRecord ? (
        <div {...record.panelProps}>
          {record.open ? (
            <ProgressForm
              subGoal={goal}
              cannotSave={cannotSave}
              defaultScale={props.defaultScale}
              onCancel={record.close}
              onDone={(m) => {
                props.onMessage(m);
                record.close();
              }}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
