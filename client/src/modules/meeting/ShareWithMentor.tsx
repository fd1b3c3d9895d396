import { SHARED_WITH_MENTOR_HINT } from './nextSamtale';

/**
 * "Del med mentor" where a held samtale is registered, with what the mentor will see, so the
 * choice is made knowing it. Offered only while a mentor grant runs: else nobody would see it.
 */
export function ShareWithMentor(props: { id: string; shared: boolean; onChange: (shared: boolean) => void }) {
  return (
    <div className="checkbox">
      <input id={`${props.id}-shared`} type="checkbox" checked={props.shared} onChange={(e) => props.onChange(e.target.checked)} aria-describedby={`${props.id}-shared-hint`} />
      <label htmlFor={`${props.id}-shared`}>Del med mentor</label>
      <p className="hint" id={`${props.id}-shared-hint`}>
        {SHARED_WITH_MENTOR_HINT}
      </p>
    </div>
  );
}
