import type { ClassroomStatus } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { inviteToStage, lowerAllHands, lowerHand } from '../../services/interaction.ts';
import { selectHandQueue, useStore } from '../../store/view.ts';
import { formatDuration } from '../components/formatDuration.ts';
import { useBusy } from '../components/useBusy.ts';
import { useNow } from '../components/useNow.ts';

/** Classrooms with a raised hand, first raised first, with how long each has waited. */
export function HandQueue() {
  const { t } = useTranslation();
  const queue = useStore(useShallow(selectHandQueue));
  const clockOffsetMs = useStore((s) => s.clockOffsetMs);
  // One clock for the whole list; times are the server's, which ordered the queue.
  const serverNow = useNow() + clockOffsetMs;
  const [busy, run] = useBusy();

  return (
    <section className="panel" aria-labelledby="hand-queue-heading">
      <div className="panel__header">
        <h2 id="hand-queue-heading">
          {t('teacher.handQueue')} <span className="count" data-testid="hand-count">{queue.length}</span>
        </h2>
        <button type="button" className="button button--small" data-testid="lower-all-hands" disabled={busy || queue.length === 0} onClick={() => void run(lowerAllHands)}>
          {t('teacher.lowerAll')}
        </button>
      </div>
      {queue.length === 0 ? <p className="muted">{t('teacher.noHands')}</p> : null}
      <ol className="hand-queue" data-testid="hand-queue">
        {queue.map((classroom) => <QueuedHand key={classroom.id} classroom={classroom} serverNow={serverNow} />)}
      </ol>
    </section>
  );
}

function QueuedHand({ classroom, serverNow }: { classroom: ClassroomStatus; serverNow: number }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  const hand = classroom.hand;
  if (!hand) return null;

  return (
    <li className="hand-queue__item" data-classroom-id={classroom.id} data-drops={hand.dropsAt !== null}>
      <span className="hand-queue__name">{classroom.name}</span>
      <span className="hand-queue__wait" data-testid="hand-wait">
        {t('teacher.waiting', { time: formatDuration(serverNow - hand.raisedAt) })}
      </span>
      {hand.dropsAt !== null ? (
        <span className="hand-queue__drops" data-testid="hand-drops">
          {t('teacher.dropsIn', { time: formatDuration(hand.dropsAt - serverNow) })}
        </span>
      ) : null}
      <span className="hand-queue__actions">
        {classroom.stage === 'none' ? (
          <button type="button" className="button button--primary button--small" data-testid="invite-to-stage" disabled={busy} onClick={() => void run(() => inviteToStage(classroom.id))}>
            {t('teacher.invite')}
          </button>
        ) : (
          <span className="badge badge--stage">{classroom.stage === 'invited' ? t('teacher.invited') : t('teacher.onStage')}</span>
        )}
        <button type="button" className="button button--small" data-testid="lower-hand" disabled={busy} onClick={() => void run(() => lowerHand(classroom.id))}>
          {t('teacher.lowerHand')}
        </button>
      </span>
    </li>
  );
}
