import { useTranslation } from 'react-i18next';
import { endLesson, setLessonLocked, setLessonRecording } from '../../services/interaction.ts';
import { useStore } from '../../store/view.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { RecordingMark } from '../components/RecordingMark.tsx';
import { useBusy } from '../components/useBusy.ts';

/** Whole-lesson moderation: lock the door to new classrooms, record or not, end the lesson for everyone. */
export function LessonControls() {
  const { t } = useTranslation();
  const locked = useStore((s) => s.lesson?.locked ?? false);
  const ended = useStore((s) => s.lesson?.phase === 'ended');
  const recording = useStore((s) => s.lesson?.recording.enabled ?? false);
  const [busy, run] = useBusy();

  return (
    <div className="lesson-controls">
      {locked ? <span className="badge badge--locked" data-testid="lesson-locked">{t('teacher.lockedHint')}</span> : null}
      <button
        type="button"
        className="button button--small"
        data-testid="lock-lesson"
        data-locked={locked}
        disabled={busy || ended}
        onClick={() => void run(() => setLessonLocked(!locked))}
      >
        {locked ? t('teacher.unlock') : t('teacher.lock')}
      </button>
      <RecordingMark />
      <button
        type="button"
        className="button button--small"
        data-testid="record-lesson"
        data-recording={recording}
        disabled={busy || ended}
        onClick={() => void run(() => setLessonRecording(!recording))}
      >
        {recording ? t('recording.turnOff') : t('recording.turnOn')}
      </button>
      <ConfirmButton
        className="button button--danger button--small"
        testId="end-lesson"
        disabled={busy || ended}
        question={t('teacher.confirmEnd')}
        confirmLabel={t('teacher.confirmEndOk')}
        onConfirm={() => void run(endLesson)}
      >
        {t('teacher.endLesson')}
      </ConfirmButton>
    </div>
  );
}
