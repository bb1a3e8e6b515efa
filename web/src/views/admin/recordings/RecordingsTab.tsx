import type { RecordingSettingsView, RecordingSummary } from '@classroom/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteRecording, listRecordings, recordingSettings } from '../../../services/recordingLibraryApi.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';
import { useApiCall } from '../../components/useApiCall.ts';
import { RecordingSettingsForm } from './RecordingSettingsForm.tsx';
import { formatBytes, formatDuration } from './sizes.ts';

/** The replay library: recorded lessons (delete), the retention, the disk, and a full disk said loudly. */
export function RecordingsTab({ adminToken }: { adminToken: string }) {
  const { t } = useTranslation();
  const loadList = useCallback(() => listRecordings(adminToken), [adminToken]);
  const loadSettings = useCallback(() => recordingSettings(adminToken), [adminToken]);
  const list = useApiCall(loadList);
  const settings = useApiCall(loadSettings);
  // What a save answered, until the next load.
  const [saved, setSaved] = useState<RecordingSettingsView | null>(null);
  useEffect(() => setSaved(null), [settings.data]);
  const shown = saved ?? settings.data;
  const refresh = () => Promise.all([list.refresh(), settings.refresh()]);

  return (
    <section className="card" data-testid="recordings">
      <div className="card__header">
        <h2>{t('recordings.title')}</h2>
        <button type="button" className="button" disabled={list.busy} onClick={() => void refresh()}>{t('admin.refresh')}</button>
      </div>
      {shown?.diskFullSince ? <DiskFullBanner settings={shown} /> : null}
      <ErrorBox error={settings.error ?? list.error} testId="recordings-error" />
      {shown ? (
        <RecordingSettingsForm
          key={`${shown.retentionDays}-${shown.quotaBytes}`}
          adminToken={adminToken}
          settings={shown}
          onSaved={(view) => { setSaved(view); void list.refresh(); }}
        />
      ) : null}
      {list.data && list.data.length === 0 ? <p className="muted">{t('recordings.none')}</p> : null}
      {list.data && list.data.length > 0 ? <RecordingTable adminToken={adminToken} recordings={list.data} onChanged={() => void refresh()} /> : null}
    </section>
  );
}

function DiskFullBanner({ settings }: { settings: RecordingSettingsView }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="alert alert--error" role="alert" data-testid="disk-full-banner">
      <p>
        <strong>{t('recordings.diskFull')}</strong>{' '}
        {t('recordings.diskFullWhen', {
          time: new Date(settings.diskFullSince!).toLocaleString(i18n.language),
          lesson: settings.diskFullLesson?.title ?? '–',
        })}
      </p>
    </div>
  );
}

function RecordingTable({ adminToken, recordings, onChanged }: { adminToken: string; recordings: RecordingSummary[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { busy, error, run } = useAction();
  const remove = async (lessonId: string) => {
    if (await run(() => deleteRecording(adminToken, lessonId))) onChanged();
  };

  return (
    <>
      <ErrorBox error={error} testId="recording-delete-error" />
      <table className="status-table" data-testid="recording-list">
        <thead>
          <tr>
            <th scope="col">{t('admin.lessonTitle')}</th>
            <th scope="col">{t('recordings.teacher')}</th>
            <th scope="col">{t('recordings.date')}</th>
            <th scope="col">{t('recordings.duration')}</th>
            <th scope="col">{t('recordings.segments')}</th>
            <th scope="col">{t('recordings.size')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {recordings.map((r) => (
            <tr key={r.lessonId} data-testid={`recording-${r.lessonId}`}>
              <td>
                {r.title}{' '}
                {r.recordingNow ? <span className="badge badge--phase-live" data-testid="recording-now">{t('recordings.now')}</span> : null}
                {r.stoppedReason === 'disk-full' ? <span className="badge badge--warn" data-testid="recording-disk-full">{t('recordings.stoppedDiskFull')}</span> : null}
              </td>
              <td>{r.teacherName ?? '–'}</td>
              <td>{new Date(r.startedAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })}</td>
              <td>{formatDuration(r.durationMs)}</td>
              <td>{r.segments}</td>
              <td>{formatBytes(r.bytes, i18n.language)}</td>
              <td>
                {r.recordingNow ? null : (
                  <ConfirmButton
                    testId={`delete-recording-${r.lessonId}`}
                    className="button button--small button--danger"
                    disabled={busy}
                    question={t('recordings.deleteQuestion', { title: r.title })}
                    confirmLabel={t('recordings.delete')}
                    onConfirm={() => void remove(r.lessonId)}
                  >
                    {t('recordings.delete')}
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
