import type { ClassroomStatus, QualityGrade } from '@classroom/shared';

/** What a classroom's link looks like now: its projector's last grade, lost when it is offline. */
export type LinkGrade = QualityGrade | 'lost' | 'unknown';

export function linkGrade(classroom: Pick<ClassroomStatus, 'projectorOnline' | 'quality'>): LinkGrade {
  if (!classroom.projectorOnline) return 'lost';
  return classroom.quality?.grade ?? 'unknown';
}
