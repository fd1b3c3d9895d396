import { useEffect, useRef, useState, type SetStateAction } from 'react';
import { without, type Problems } from './formErrors';

/**
 * A form's texts and its problems, by field key: typing in a field clears that field's problem.
 *
 * `recheck` is the form's own checks (those it runs before sending). The problems they found
 * (`setFound`) are judged again whenever any value changes, and one they no longer find goes:
 * a change elsewhere can settle it, e.g. a status that no longer asks for a reason. Problems the
 * server told (`setProblems`) stay until their field is changed: the form cannot judge them.
 */
export function useFieldValues(initial: () => Record<string, string>, recheck?: (values: Record<string, string>) => Problems) {
  const [values, setValues] = useState(initial);
  const [problems, setProblems] = useState<Problems>({});
  // The fields whose problem the form's own checks found, as opposed to the server.
  const found = useRef<ReadonlySet<string>>(new Set());
  const set = (key: string, value: string) => {
    setValues((cur) => ({ ...cur, [key]: value }));
    setProblems((cur) => without(cur, key));
  };
  const setFound = (next: Problems) => {
    found.current = new Set(Object.keys(next));
    setProblems(next);
  };
  // An update of the problems there are (one taken away) leaves what was found as it is.
  const setTold = (next: SetStateAction<Problems>) => {
    if (typeof next !== 'function') found.current = new Set();
    setProblems(next);
  };
  // After the render with the new values, so that the checks are those of the form as it is now
  // (a status change may have changed its fields, e.g. whether "Begrundelse" is required).
  useEffect(() => {
    if (!recheck || found.current.size === 0) return;
    const still = recheck(values);
    setProblems((cur) => [...found.current].reduce((kept, key) => (still[key] === undefined ? without(kept, key) : kept), cur));
  }, [values]);
  return { values, set, problems, setProblems: setTold, setFound };
}
