import type { TodayLesson } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { selectPhase, useStore } from '../../../store/view.ts';
import { OnlineBadge } from '../../components/Badges.tsx';

interface Props {
  lesson: TodayLesson;
  onGoLive: () => void;
  onOpenConsole: () => void;
}

/**
 * The lesson at hand, joined already: its classrooms and who is there (projector, assistant) as
 * they come, before the lesson as during it, and Go live.
 */
export function LessonAtHand({ lesson, onGoLive, onOpenConsole }: Props) {
  const { t } = useTranslation();
  const connected = useStore((s) => s.connection === 'connected' && s.synced);
  const phase = useStore(selectPhase);
  const classrooms = useStore((s) => s.classrooms);
  const online = classrooms.filter((c) => c.projectorOnline).length;
  const canGoLive = connected && (phase === 'scheduled' || phase === 'off-air');

  return (
    <section className="panel teacher-day__at-hand" data-testid="lesson-at-hand" data-lesson-id={lesson.lessonId ?? ''} data-connected={connected}>
      <div className="panel__header">
        <h2>{t('teacherDay.atHand')}: {lesson.title}</h2>
      </div>
      <div className="controls">
        <button type="button" className="button button--primary" data-testid="go-live" disabled={!canGoLive} onClick={onGoLive}>
          {t('teacher.goLive')}
        </button>
        <button type="button" className="button" data-testid="open-console" disabled={!connected} onClick={onOpenConsole}>
          {t('teacherDay.openConsole')}
        </button>
      </div>
      <h3>{t('teacherDay.presence')}</h3>
      {connected ? (
        <p className="muted" data-testid="at-hand-count">{t('teacher.classroomCount', { online, total: classrooms.length })}</p>
      ) : <p className="muted" role="status">{t('connection.connecting')}</p>}
      <ul className="teacher-day__presence" data-testid="at-hand-classrooms">
        {classrooms.map((c) => (
          <li key={c.id} data-testid="at-hand-classroom" data-projector-online={c.projectorOnline} data-assistant-online={c.assistantOnline}>
            <span className="teacher-day__classroom">{c.name}</span>
            <span>{t('teacher.projector')} <OnlineBadge online={c.projectorOnline} /></span>
            <span>{t('teacher.assistant')} <OnlineBadge online={c.assistantOnline} /></span>
          </li>
        ))}
      </ul>
      <p className="muted">{t('teacherDay.projectorsJoin')}</p>
    </section>
  );
}
