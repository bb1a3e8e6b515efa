import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/index.ts';

export function TeacherAlerts() {
  const { t } = useTranslation();
  const deviceError = useStore((s) => s.deviceError);
  const actionError = useStore((s) => s.actionError);
  if (!deviceError && !actionError) return null;
  return (
    <div className="alerts">
      {deviceError ? (
        <p className="alert alert--error" role="alert" data-testid="device-error" data-kind={deviceError}>
          {t(`device.${deviceError}`)}
        </p>
      ) : null}
      {actionError ? (
        <p className="alert alert--error" role="alert" data-testid="action-error">{actionError}</p>
      ) : null}
    </div>
  );
}
