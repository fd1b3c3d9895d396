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
