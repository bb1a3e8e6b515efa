import type { ClassroomStatus } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { endStage, inviteToStage, removeClassroom, setClassroomMic } from '../../services/interaction.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { useBusy } from '../components/useBusy.ts';

/** What the teacher can do to one classroom: stage, mute (never unmute: that is the room's call), remove. */
export function ClassroomActions({ classroom }: { classroom: ClassroomStatus }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  const { id, stage } = classroom;

  return (
    <div className="classroom__actions">
      {stage === 'none' ? (
        <button type="button" className="button button--small" data-testid="invite-to-stage" disabled={busy} onClick={() => void run(() => inviteToStage(id))}>
          {t('teacher.invite')}
        </button>
      ) : (
        <button type="button" className="button button--small" data-testid="end-stage" disabled={busy} onClick={() => void run(() => endStage(id))}>
          {stage === 'invited' ? t('teacher.cancelInvite') : t('teacher.endStage')}
        </button>
      )}
      {stage === 'on-stage' ? (
        <button
          type="button"
          className="button button--small"
          data-testid="mute-classroom"
          data-muted={classroom.micMuted}
          disabled={busy || classroom.micMuted}
          onClick={() => void run(() => setClassroomMic(true, id))}
        >
          {classroom.micMuted ? t('teacher.muted') : t('teacher.mute')}
        </button>
      ) : null}
      <ConfirmButton
        className="button button--small button--quiet-danger"
        testId="remove-classroom"
        disabled={busy}
        question={t('teacher.confirmRemove', { name: classroom.name })}
        confirmLabel={t('teacher.confirmRemoveOk')}
        onConfirm={() => void run(() => removeClassroom(id))}
      >
        {t('teacher.remove')}
      </ConfirmButton>
    </div>
  );
}
