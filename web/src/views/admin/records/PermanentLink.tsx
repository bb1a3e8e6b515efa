import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';
import { LinkRow } from '../LessonLinks.tsx';
import { QrCode } from '../QrCode.tsx';

interface Props {
  label: string;
  url: string;
  testId: string;
  /** A QR code for a phone to scan (the assistant's link). */
  qrAlt?: string;
  revokeLabel: string;
  /** Withdraws the link; the caller then shows the new one. */
  onRevoke: () => Promise<void>;
}

/** A permanent link, as the admin hands it out (and its QR code), with a way to withdraw it. */
export function PermanentLink({ label, url, testId, qrAlt, revokeLabel, onRevoke }: Props) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const [revoked, setRevoked] = useState(false);
  const revoke = async () => setRevoked(await run(onRevoke));

  return (
    <div className="permanent-link">
      <LinkRow label={label} url={url} testId={testId} />
      {qrAlt ? <QrCode value={url} alt={qrAlt} testId={`${testId}-qr`} /> : null}
      {revoked ? <p className="alert alert--info" role="status" data-testid={`${testId}-revoked`}>{t('records.revoked')}</p> : null}
      <ErrorBox error={error} testId={`${testId}-error`} />
      <ConfirmButton testId={`${testId}-revoke`} disabled={busy} question={t('records.revokeQuestion')} confirmLabel={revokeLabel} onConfirm={() => void revoke()}>
        {revokeLabel}
      </ConfirmButton>
    </div>
  );
}
