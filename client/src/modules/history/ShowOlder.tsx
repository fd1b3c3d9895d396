/** "Vis ældre": reads the next, older page of a history; says so while it does. */
export function ShowOlder(props: { onClick: () => void; busy: boolean }) {
  return (
    <p className="actions">
      <button type="button" className="button button-secondary button-small" onClick={props.onClick} disabled={props.busy} aria-busy={props.busy}>
        {props.busy ? 'Henter ældre…' : 'Vis ældre'}
        <span className="visually-hidden"> ændringer</span>
      </button>
    </p>
  );
}
