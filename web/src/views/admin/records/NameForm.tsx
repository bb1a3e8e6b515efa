import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';

interface Props {
  label: string;
  submitLabel: string;
  testId: string;
  /** Saves the name; a failure is shown under the field and the name stays for another try. */
  onSubmit: (name: string) => Promise<unknown>;
  /** More fields of the same form. */
  children?: ReactNode;
}

/** A one-line form for a named record (a school, a classroom, a teacher): emptied once saved. */
export function NameForm({ label, submitLabel, testId, onSubmit, children }: Props) {
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => onSubmit(name.trim()))) setName('');
  };

  return (
    <form className="form form--inline" onSubmit={(event) => void submit(event)}>
      <label className="form__field">
        <span>{label}</span>
        <input data-testid={`${testId}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
      </label>
      {children}
      <button type="submit" className="button button--primary" data-testid={`${testId}-submit`} disabled={busy}>{submitLabel}</button>
      <ErrorBox error={error} testId={`${testId}-error`} />
    </form>
  );
}
