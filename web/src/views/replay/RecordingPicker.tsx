import type { RecordingSummary } from '@classroom/shared';
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listRecordings } from '../../services/recordingLibraryApi.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { formatDuration } from '../components/formatDuration.ts';
import { useApiCall } from '../components/useApiCall.ts';

interface Props {
  token: string;
  onPick: (lessonId: string) => void;
  /** The projector: the first lesson has the focus at once, for a remote with arrows and Enter only. */
  autoFocus?: boolean;
}

/** The recorded lessons this classroom may replay, newest first: a list of big buttons, ↑ ↓ and Enter. */
export function RecordingPicker({ token, onPick, autoFocus = false }: Props) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => listRecordings(token), [token]);
  const { data, error } = useApiCall(load);
  const list = useRef<HTMLOListElement>(null);
  // Finished, with something to play (a lesson that went live with nobody publishing has no file).
  const ready = (data ?? []).filter((r) => !r.recordingNow && r.segments > 0);

  useEffect(() => {
    if (autoFocus && ready.length > 0 && !list.current?.contains(document.activeElement)) list.current?.querySelector('button')?.focus();
  }, [autoFocus, ready.length]);

  const move = (event: KeyboardEvent<HTMLOListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    next?.focus();
    event.preventDefault();
  };

  return (
    <section className="replay-picker" data-testid="replay-picker" aria-labelledby="replay-picker-heading">
      <h2 id="replay-picker-heading">{t('replay.pick')}</h2>
      <ErrorBox error={error} testId="replay-picker-error" />
      {data && ready.length === 0 ? <p className="muted" data-testid="replay-none">{t('replay.none')}</p> : null}
      {ready.length > 0 ? <p className="muted">{t('replay.pickHint')}</p> : null}
      <ol className="replay-picker__list" ref={list} onKeyDown={move}>
        {ready.map((r: RecordingSummary) => (
          <li key={r.lessonId}>
            <button type="button" className="replay-picker__choice" data-testid="replay-choice" data-lesson-id={r.lessonId} onClick={() => onPick(r.lessonId)}>
              <strong>{r.title}</strong>
              <span className="muted">
                {new Date(r.startedAt).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })}
                {r.teacherName ? ` · ${r.teacherName}` : ''} · {formatDuration(r.durationMs)}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
