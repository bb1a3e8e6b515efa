import type { PublicQuestion } from '@classroom/shared';
import { useEffect, useState } from 'react';

// Long enough to read the results aloud and talk them over; then the teacher gets the wall back
// (nobody can click on a projector to close the panel).
const LINGER_MS = 90_000;

/**
 * Whether the projector shows the question: always while it is open; once closed or revealed,
 * for a while after this page saw that change. A reconnect keeps the same state, hence the same
 * timer; a reload shows the outcome again for a while.
 */
export function useQuizShown(question: PublicQuestion | null): boolean {
  const key = question ? `${question.id}:${question.state}` : null;
  const lingers = question?.state === 'closed' || question?.state === 'revealed';
  const [expired, setExpired] = useState<string | null>(null);

  useEffect(() => {
    if (!lingers) return;
    const timer = setTimeout(() => setExpired(key), LINGER_MS);
    return () => clearTimeout(timer);
  }, [key, lingers]);

  return question !== null && question.state !== 'draft' && expired !== key;
}
