import type { ClassroomStatus } from '@classroom/shared';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/view.ts';
import { LinkBadge, OnlineBadge } from '../components/Badges.tsx';
import { HandIcon } from '../components/HandIcon.tsx';
import { QualityBadge } from '../components/QualityBadge.tsx';
import { ClassroomActions } from './ClassroomActions.tsx';

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
      className={`classroom classroom--stage-${classroom.stage}`}
      data-testid={`classroom-${classroom.id}`}
      data-projector-online={classroom.projectorOnline}
      data-assistant-online={classroom.assistantOnline}
      data-media={classroom.media}
      data-hand={classroom.hand !== null}
      data-stage={classroom.stage}
      data-video-cap={classroom.videoCap}
    >
      <span className="classroom__title">
        <span className="classroom__name">{classroom.name}</span>
        <InteractionBadges classroom={classroom} />
      </span>
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
      <span className="classroom__field">
        <span className="classroom__label">{t('teacher.quality')}</span>
        <QualityBadge classroom={classroom} />
      </span>
      <ClassroomActions classroom={classroom} />
    </li>
  );
});

/** Words with every mark: the state must read without color or icons too. */
function InteractionBadges({ classroom }: { classroom: ClassroomStatus }) {
  const { t } = useTranslation();
  return (
    <>
      {classroom.hand ? <span className="badge badge--hand"><HandIcon /> {t('hand.raised')}</span> : null}
      {classroom.stage === 'invited' ? <span className="badge badge--stage">{t('teacher.invited')}</span> : null}
      {classroom.stage === 'on-stage' ? <span className="badge badge--stage">{t('teacher.onStage')}</span> : null}
      {classroom.stage === 'on-stage' && classroom.micMuted ? <span className="badge">{t('teacher.muted')}</span> : null}
      {classroom.audioOnly ? <span className="badge">{t('teacher.audioOnly')}</span> : null}
      {classroom.weakLink ? <span className="badge badge--warn" data-testid="weak-link">{t('teacher.weakLink')}</span> : null}
      {classroom.videoCap !== 'high' ? <span className="badge" data-testid="video-cap-badge">{t('teacher.dataSaver', { cap: t(`dataSaver.${classroom.videoCap}`) })}</span> : null}
    </>
  );
}
