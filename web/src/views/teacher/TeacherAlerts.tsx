import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/view.ts';

/** Camera and microphone problems stay until fixed; failed actions show as a toast instead. */
export function TeacherAlerts() {
  const { t } = useTranslation();
  const deviceError = useStore((s) => s.deviceError);
  if (!deviceError) return null;
  return (
    <div className="alerts">
      <p className="alert alert--error" role="alert" data-testid="device-error" data-kind={deviceError}>
        {t(`device.${deviceError}`)}
      </p>
    </div>
  );
}
