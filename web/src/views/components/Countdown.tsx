import { useStore } from '../../store/view.ts';
import { formatCountdown } from './quizText.ts';
import { useNow } from './useNow.ts';

// The last seconds are when a room rushes: say so in colour as well.
const URGENT_MS = 10_000;

/** Time left until the server closes the question, by the server's clock. */
export function Countdown({ closesAt, className = 'countdown' }: { closesAt: number; className?: string }) {
  const clockOffsetMs = useStore((s) => s.clockOffsetMs);
  const left = closesAt - (useNow(250) + clockOffsetMs);
  return (
    <span className={className} data-testid="countdown" data-urgent={left <= URGENT_MS} role="timer">
      {formatCountdown(left)}
    </span>
  );
}
