import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useApiCall } from '../../components/useApiCall.ts';
import { PermanentLink } from './PermanentLink.tsx';

interface Props {
  /** Test ids: the show/hide button, its error, and the link. */
  testIds: { toggle: string; error: string; link: string };
  label: string;
  revokeLabel: string;
  /** The record's link, signed when asked for. */
  load: () => Promise<string>;
  /** Withdraws it and answers with the new one. */
  revoke: () => Promise<string>;
}

/** A record's one permanent link (a teacher's, a district manager's): fetched when shown, withdrawable. */
export function OnDemandLink({ testIds, label, revokeLabel, load, revoke }: Props) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const { data, error } = useApiCall(open ? load : null);
  const shown = url ?? data;
  const onRevoke = useCallback(async () => setUrl(await revoke()), [revoke]);

  return (
    <>
      <button type="button" className="button button--small" aria-expanded={open} data-testid={testIds.toggle} onClick={() => setOpen(!open)}>
        {open ? t('records.hideLinks') : t('records.showLinks')}
      </button>
      <ErrorBox error={open ? error : null} testId={testIds.error} />
      {open && shown ? <PermanentLink label={label} url={shown} testId={testIds.link} revokeLabel={revokeLabel} onRevoke={onRevoke} /> : null}
    </>
  );
}
