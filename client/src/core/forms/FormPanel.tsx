import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { escapeAsCancel } from './FormParts';

/**
 * A form that opens under the button that asks for it: focus moves to the form's first
 * field when it opens, and Escape (or the form's "Annullér") closes it and puts focus back
 * on the button, so a keyboard user never loses their place on the plan page. A form with
 * something typed asks first (FormActions).
 *
 * The button and the panel are separate so a caller can put the button in a row of
 * actions and the panel below the row.
 */
export function useFormPanel(
  /** Where focus goes on closing when the button is no longer there (it went while the form stayed open). */
  focusWithoutButton?: RefObject<HTMLElement | null>,
) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [open]);

  const close = useCallback(() => {
    setOpen(false);
    (button.current ?? focusWithoutButton?.current)?.focus();
  }, [focusWithoutButton]);

  return {
    open,
    close,
    /** Closes without moving focus, e.g. when another form takes the card's place. */
    dismiss: useCallback(() => setOpen(false), []),
    buttonProps: {
      ref: button,
      type: 'button' as const,
      'aria-expanded': open,
      'aria-controls': `${id}-panel`,
      onClick: () => {
        // Not closed while its save is on its way (as Escape, below): the refusal or the
        // conflict would have no form to show in, and what was typed would go.
        if (open && panel.current?.querySelector('[data-saving]')) return;
        setOpen((o) => !o);
      },
    },
    panelProps: {
      ref: panel,
      id: `${id}-panel`,
      hidden: !open,
      className: 'form-panel',
      // As the form's "Annullér", which asks first when something typed would go; not while it saves.
      onKeyDown: escapeAsCancel(close),
    },
  };
}

/** The button and its panel together, for a form with nothing else in its row. */
export function FormPanel(props: {
  /** The button's text; may include visually hidden words that say what it is for. */
  label: ReactNode;
  /** The form, given `close` for "Annullér" and `done` for a save: it passes the form's message to onDone, then closes. */
  children: (close: () => void, done: (message: string) => void) => ReactNode;
  /** Takes what the form says it did, e.g. for a status line that outlives the closed form. */
  onDone?: (message: string) => void;
  className?: string;
  /**
   * False when the form may no longer be opened (e.g. a proposal decided meanwhile): the button
   * goes, but a form already open stays with what is typed in it until the user closes it.
   */
  offered?: boolean;
  /** Where focus goes when such a form closes without its button. */
  focusWithoutButton?: RefObject<HTMLElement | null>;
}) {
  const panel = useFormPanel(props.focusWithoutButton);
  const offered = props.offered ?? true;
  if (!offered && !panel.open) return null;
  const done = (message: string) => {
    props.onDone?.(message);
    panel.close();
  };
  return (
    <div className={props.className ?? 'disclosure'}>
      {offered ? (
        <button {...panel.buttonProps} className="button button-secondary">
          {props.label}
        </button>
      ) : null}
      <div {...panel.panelProps}>{panel.open ? props.children(panel.close, done) : null}</div>
    </div>
  );
}

/**
 * The button that opens and closes a panel's form (useFormPanel), in a row of actions.
 * `onClick` runs first, e.g. to clear what the card said after the last save.
 */
export function PanelButton(props: { panel: ReturnType<typeof useFormPanel>; onClick?: () => void; children: ReactNode }) {
  const { buttonProps } = props.panel;
  return (
    <button
      {...buttonProps}
      className="button button-secondary"
      onClick={() => {
        props.onClick?.();
        buttonProps.onClick();
      }}
    >
      {props.children}
    </button>
  );
}
