import { useEffect, useRef } from 'react';

/**
 * For a form that takes the place of the button that opened it: once it is in the page, the
 * focus goes to its first field, as a FormPanel's form does, rather than to the page's body
 * with the button. Give the returned ref to the form.
 */
export function useFocusOnFirstField<T extends HTMLElement>() {
  const form = useRef<T>(null);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return form;
}
