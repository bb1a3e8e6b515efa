import type { CreatedLesson } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { endLesson, revokeLessonLinks } from '../../services/api.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useAction } from '../components/useAction.ts';

interface Props {
  adminToken: string;
  lessonId: string;
  /** The lesson changed (ended): lists and status load again. */
  onChanged: () => void;
  /** New links after the old ones were withdrawn. */
  onNewLinks: (links: CreatedLesson) => void;
}

/** What only the admin can do to a lesson: end it, or withdraw every link of it (a link leaked). */
export function LessonActions({ adminToken, lessonId, onChanged, onNewLinks }: Props) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const act = async (action: () => Promise<void>) => {
    if (await run(action)) onChanged();
  };

  return (
    <section className="card" data-testid="lesson-actions">
      <h2>{t('admin.actions')}</h2>
      <ErrorBox error={error} testId="lesson-actions-error" />
      <p>
        <ConfirmButton
          testId="revoke-links"
          disabled={busy}
          question={t('admin.revokeLinksQuestion')}
          confirmLabel={t('admin.revokeLinks')}
          onConfirm={() => void act(async () => onNewLinks(await revokeLessonLinks(adminToken, lessonId)))}
        >
          {t('admin.revokeLinks')}
        </ConfirmButton>{' '}
        <ConfirmButton
          testId="end-lesson"
          className="button button--danger"
          disabled={busy}
          question={t('admin.endLessonQuestion')}
          confirmLabel={t('admin.endLesson')}
          onConfirm={() => void act(async () => { await endLesson(adminToken, lessonId); })}
        >
          {t('admin.endLesson')}
        </ConfirmButton>
      </p>
    </section>
  );
}
