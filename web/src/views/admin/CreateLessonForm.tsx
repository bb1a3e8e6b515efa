import type { CreatedLesson } from '@classroom/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createLesson } from '../../services/api.ts';
import { apiErrorText, type ErrorText } from '../components/apiErrorText.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';

interface Props {
  adminToken: string;
  onCreated: (lesson: CreatedLesson) => void;
}

export function CreateLessonForm({ adminToken, onCreated }: Props) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [names, setNames] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const classrooms = names.split('\n').map((name) => name.trim()).filter((name) => name !== '').map((name) => ({ name }));
    if (adminToken.trim() === '') return setError({ message: t('admin.needToken'), details: [] });
    if (classrooms.length === 0) return setError({ message: t('admin.needClassroom'), details: [] });
    setBusy(true);
    setError(null);
    try {
      onCreated(await createLesson(adminToken.trim(), { title: title.trim(), classrooms }));
    } catch (failure) {
      setError(apiErrorText(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      <label className="form__field">
        <span>{t('admin.lessonTitle')}</span>
        <input data-testid="lesson-title-input" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={80} />
      </label>
      <label className="form__field">
        <span>{t('admin.classroomNames')}</span>
        <textarea data-testid="classroom-names" value={names} onChange={(e) => setNames(e.target.value)} rows={6} required />
      </label>
      <ErrorBox error={error} testId="admin-error" />
      <button type="submit" className="button button--primary" data-testid="create-lesson" disabled={busy}>
        {busy ? t('admin.creating') : t('admin.create')}
      </button>
    </form>
  );
}
