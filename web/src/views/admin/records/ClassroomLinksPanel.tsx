import type { ClassroomLinks } from '@classroom/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { classroomLinks, revokeClassroomLink } from '../../../services/schoolsApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useApiCall } from '../../components/useApiCall.ts';
import { PermanentLink } from './PermanentLink.tsx';

/** A classroom's two permanent links: the projector's, opened once on it, and the assistant's, for a phone. */
export function ClassroomLinksPanel({ adminToken, classroomId, name }: { adminToken: string; classroomId: string; name: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => classroomLinks(adminToken, classroomId), [adminToken, classroomId]);
  const { data, error } = useApiCall(load);
  // After a withdrawal, the links the server answered with (the new one and the other, unchanged).
  const [links, setLinks] = useState<ClassroomLinks | null>(null);
  useEffect(() => setLinks(data), [data]);

  return (
    <div className="links-panel" data-testid={`links-${classroomId}`}>
      <ErrorBox error={error} testId={`links-error-${classroomId}`} />
      {links ? (
        <>
          <PermanentLink
            label={t('records.projectorLink')}
            url={links.projectorUrl}
            testId={`standing-projector-${classroomId}`}
            revokeLabel={t('records.revokeProjector')}
            onRevoke={async () => setLinks(await revokeClassroomLink(adminToken, classroomId, 'projector'))}
          />
          <PermanentLink
            label={t('records.assistantLink')}
            url={links.assistantUrl}
            testId={`standing-assistant-${classroomId}`}
            qrAlt={t('records.assistantQr', { name })}
            revokeLabel={t('records.revokeAssistant')}
            onRevoke={async () => setLinks(await revokeClassroomLink(adminToken, classroomId, 'assistant'))}
          />
        </>
      ) : null}
    </div>
  );
}
