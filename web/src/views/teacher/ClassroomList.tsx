import type { ClassroomStatus } from '@classroom/shared';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/index.ts';
import { LinkBadge, OnlineBadge } from '../components/Badges.tsx';

export function ClassroomList() {
  const { t } = useTranslation();
  const classrooms = useStore((s) => s.classrooms);
  const online = classrooms.filter((c) => c.projectorOnline).length;

  return (
    <section className="classrooms" aria-labelledby="classrooms-heading">
      <h2 id="classrooms-heading">{t('teacher.classrooms')}</h2>
      <p className="classrooms__count">{t('teacher.classroomCount', { online, total: classrooms.length })}</p>
      {classrooms.length === 0 ? <p>{t('teacher.noClassrooms')}</p> : null}
      <ul className="classrooms__list" data-testid="classroom-list">
        {classrooms.map((classroom) => <ClassroomRow key={classroom.id} classroom={classroom} />)}
      </ul>
    </section>
  );
}

// Hundreds of rows, one of which changes per classroom:updated: re-render only that one.
const ClassroomRow = memo(function ClassroomRow({ classroom }: { classroom: ClassroomStatus }) {
  const { t } = useTranslation();
  return (
    <li
      className="classroom"
      data-testid={`classroom-${classroom.id}`}
      data-projector-online={classroom.projectorOnline}
      data-assistant-online={classroom.assistantOnline}
      data-media={classroom.media}
    >
      <span className="classroom__name">{classroom.name}</span>
      <span className="classroom__field">
        <span className="classroom__label">{t('teacher.projector')}</span>
        <OnlineBadge online={classroom.projectorOnline} />
      </span>
      <span className="classroom__field">
        <span className="classroom__label">{t('teacher.assistant')}</span>
        <OnlineBadge online={classroom.assistantOnline} />
      </span>
      <span className="classroom__field">
        <span className="classroom__label">{t('teacher.media')}</span>
        <LinkBadge state={classroom.media} />
      </span>
    </li>
  );
});
