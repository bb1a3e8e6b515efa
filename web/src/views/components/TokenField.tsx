import { useState } from 'react';
import { saveHashToken, takeHashToken } from '../../services/hashToken.ts';

/** A page's key: from `#token=` in its link, else what this tab kept, else typed by the person. */
export function useHashToken(storageKey: string): [token: string, setToken: (token: string) => void] {
  const [token, setToken] = useState(() => takeHashToken(storageKey).trim());
  const update = (next: string) => {
    setToken(next.trim());
    saveHashToken(storageKey, next.trim());
  };
  return [token, update];
}

/** Where a person pastes a key: hidden like a password, never offered for autofill. */
export function TokenField({ label, hint, testId, value, onChange }: {
  label: string;
  hint: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="form__field">
      <span>{label}</span>
      <input type="password" autoComplete="off" data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} />
      <small className="muted">{hint}</small>
    </label>
  );
}
