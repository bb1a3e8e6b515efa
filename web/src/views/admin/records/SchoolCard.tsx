import type { NetworkCheckResult, School } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addClassroom, setSchoolWallPicture } from '../../../services/schoolsApi.ts';
import { NetworkGradeBadge } from '../../network/NetworkCheckResult.tsx';
import { useBusy } from '../../components/useBusy.ts';
import { ClassroomLinksPanel } from './ClassroomLinksPanel.tsx';
import { NameForm } from './NameForm.tsx';

/** One school: its classrooms, each with its permanent links on demand, and a form for another classroom. */
export function SchoolCard({ school, checks, adminToken, onChanged }: {
  school: School;
  /** Each classroom's last network check. */
  checks: ReadonlyMap<string, NetworkCheckResult>;
  adminToken: string;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const [busy, run] = useBusy();

  return (
    <li className="record" data-testid={`school-${school.id}`} data-name={school.name}>
      <h3>{school.name} <small className="muted">{school.timeZone}</small></h3>
      <label className="record__row">
        <input
          type="checkbox"
          data-testid={`school-wall-picture-${school.id}`}
          checked={school.wallPicture === 'on'}
          disabled={busy}
          onChange={(e) => void run(async () => {
            await setSchoolWallPicture(adminToken, school.id, e.target.checked ? 'on' : 'off');
            await onChanged();
          })}
        />{' '}
        {t('records.wallPicture')} <small className="muted">{t('records.wallPictureHint')}</small>
      </label>
      {school.classrooms.length === 0 ? <p className="muted">{t('records.noClassrooms')}</p> : null}
      <ul className="record-list">
        {school.classrooms.map((classroom) => (
          <li key={classroom.id} className="record__row" data-testid={`classroom-${classroom.id}`} data-name={classroom.name}>
            <span>{classroom.name}</span>{' '}
            <ClassroomNetwork result={checks.get(classroom.id)} classroomId={classroom.id} />{' '}
            <button
              type="button"
              className="button button--small"
              aria-expanded={open === classroom.id}
              data-testid={`classroom-links-${classroom.id}`}
              onClick={() => setOpen(open === classroom.id ? null : classroom.id)}
            >
              {open === classroom.id ? t('records.hideLinks') : t('records.showLinks')}
            </button>
            {open === classroom.id ? <ClassroomLinksPanel adminToken={adminToken} classroomId={classroom.id} name={`${school.name} · ${classroom.name}`} /> : null}
          </li>
        ))}
      </ul>
      <NameForm
        label={t('records.classroomName')}
        submitLabel={t('records.addClassroom')}
        testId={`new-classroom-${school.id}`}
        onSubmit={async (name) => {
          await addClassroom(adminToken, school.id, name);
          await onChanged();
        }}
      />
    </li>
  );
}

/** A classroom's last network check (grade and time; the layer and advice on hover), or that there was none. */
function ClassroomNetwork({ result, classroomId }: { result: NetworkCheckResult | undefined; classroomId: string }) {
  const { t } = useTranslation();
  if (!result) return <small className="muted" data-testid={`classroom-network-${classroomId}`} data-grade="">{t('networkCheck.never')}</small>;
  const advice = result.advice.map((a) => t('networkCheck.adviceItem', { protocol: a.protocol.toUpperCase(), host: a.host, ports: a.ports }));
  return (
    <span title={[t('networkCheck.lessonGets', { layer: t(`networkCheck.layer_${result.layer}`) }), ...advice].join('\n')}>
      <NetworkGradeBadge result={result} testId={`classroom-network-${classroomId}`} />
    </span>
  );
}
