import { useState } from 'react';
import { without, type Problems } from './formErrors';

/** A form's texts and its problems, by field key: typing in a field clears that field's problem. */
export function useFieldValues(initial: () => Record<string, string>) {
  const [values, setValues] = useState(initial);
  const [problems, setProblems] = useState<Problems>({});
  const set = (key: string, value: string) => {
    setValues((cur) => ({ ...cur, [key]: value }));
    setProblems((cur) => without(cur, key));
  };
  return { values, set, problems, setProblems };
}
