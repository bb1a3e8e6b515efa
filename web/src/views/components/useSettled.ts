import { useEffect, useState } from 'react';

/**
 * `value` once it has stopped changing for `delayMs`: a key being typed is not sent to the
 * server after every keystroke (each half-typed key would come back "unauthorized").
 */
export function useSettled<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
