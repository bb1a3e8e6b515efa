import { withHashToken } from '../../services/hashToken.ts';

/** The report page of a lesson, opened with a token that may read it (admin or its teacher). */
export function reportUrl(lessonId: string, token: string): string {
  return withHashToken(`/report?${new URLSearchParams({ lesson: lessonId }).toString()}`, token);
}
