import type { StandingDay } from '@classroom/shared';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isOnAir, nextLesson } from '../../services/lessonToJoin.ts';
import { useLinkDay } from '../../services/linkDay.ts';
import { tokenFromQuery } from '../../services/token.ts';
import { selectPhase, useStore } from '../../store/view.ts';
import { apiErrorText } from '../components/apiErrorText.ts';
import { formatCountdown } from '../components/quizText.ts';
import { useNow } from '../components/useNow.ts';
import { DayScreen } from '../standing/StandingDayView.tsx';
import { ProjectorView } from './ProjectorView.tsx';

// The replay of recorded lessons: its own chunk, fetched once the waiting screen is up (the
// projector's first page carries none of it: web/vite.config.ts, signaling/test/webAssets.test.ts).
const ProjectorReplay = lazy(() => import('../replay/ProjectorReplay.tsx'));

/**
 * The projector on its permanent link: the teacher while a lesson is on air, else the day —
 * who this classroom is, today's lessons, how long until the next one, and the recorded lessons
 * it may replay meanwhile (or the replay, full screen, while one is open).
 */
export function ProjectorDayView() {
  const { t } = useTranslation();
  const { day, error, joined } = useLinkDay();
  const phase = useStore(selectPhase);
  // A fresh view per lesson: nothing of the last one's picture or sound is left on it.
  if (joined !== null && isOnAir(phase)) return <ProjectorView key={joined} />;
  const waiting = (picker: ReactNode) => (
    <DayScreen day={day} error={error ? apiErrorText(t, error) : null} joined={joined}>
      {day ? <WhatIsNext day={day} joined={joined} /> : null}
      {picker}
    </DayScreen>
  );
  const token = tokenFromQuery();
  return (
    <Suspense fallback={waiting(null)}>
      {token ? <ProjectorReplay token={token} waiting={waiting} /> : waiting(null)}
    </Suspense>
  );
}

function WhatIsNext({ day, joined }: { day: StandingDay; joined: string | null }) {
  const { t } = useTranslation();
  const offset = useLinkDay((s) => s.clockOffsetMs);
  const connection = useStore((s) => s.connection);
  const now = useNow(1_000) + offset;
  const current = joined === null ? null : day.lessons.find((l) => l.lessonId === joined);
  if (current) {
    return (
      <p className="standing-day__next" data-testid="standing-next" data-state={connection === 'connected' ? 'joined' : 'joining'} role="status">
        {connection === 'connected' ? t('standing.waitingForTeacher', { title: current.title }) : t('connection.connecting')}
      </p>
    );
  }
  const next = nextLesson(day, now);
  if (!next) return <p className="standing-day__next" data-testid="standing-next" data-state="none">{t('standing.noMoreLessons')}</p>;
  return (
    <p className="standing-day__next" data-testid="standing-next" data-state="countdown" role="timer">
      {t('standing.nextIn', { title: next.title, time: formatCountdown(Date.parse(next.startsAt) - now) })}
    </p>
  );
}
