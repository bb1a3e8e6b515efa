import type { RecordingSettingsView } from '@classroom/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveRecordingSettings } from '../../../services/recordingLibraryApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';
import { bytesToGb, formatBytes, gbToBytes } from './sizes.ts';

interface Props {
  adminToken: string;
  settings: RecordingSettingsView;
  /** Saved (and old recordings swept by the new rules): the list loads again. */
  onSaved: (settings: RecordingSettingsView) => void;
}

/** How long recordings are kept and how much disk they may take; what the disk holds now. */
export function RecordingSettingsForm({ adminToken, settings, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState(String(settings.retentionDays));
  const [quotaGb, setQuotaGb] = useState(bytesToGb(settings.quotaBytes));
  const { busy, error, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => onSaved(await saveRecordingSettings(adminToken, { retentionDays: Number(days), quotaBytes: gbToBytes(quotaGb) })));
  };

  return (
    <form className="form form--inline" data-testid="recording-settings" onSubmit={(event) => void submit(event)}>
      <label className="form__field">
        <span>{t('recordings.retentionDays')}</span>
        <input type="number" min={1} max={3650} required data-testid="retention-days" value={days} onChange={(e) => setDays(e.target.value)} />
      </label>
      <label className="form__field">
        <span>{t('recordings.quotaGb')}</span>
        <input type="number" min={0} step="0.1" data-testid="quota-gb" value={quotaGb} placeholder={t('recordings.noQuota')} onChange={(e) => setQuotaGb(e.target.value)} />
      </label>
      <button type="submit" className="button button--primary" data-testid="recording-settings-save" disabled={busy}>{t('recordings.save')}</button>
      <p className="muted" data-testid="recording-disk">
        {t('recordings.disk', { used: formatBytes(settings.usedBytes, i18n.language), free: formatBytes(settings.freeBytes, i18n.language) })}
      </p>
      <ErrorBox error={error} testId="recording-settings-error" />
    </form>
  );
}
