import type { CreateLessonBody, CreatedLesson, EndedLesson, HttpErrorBody, LessonDetail, LessonList } from '@classroom/shared';

/** A failed HTTP call: the server's error body when it sent one, else only the status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly details: string[];

  constructor(status: number, body: HttpErrorBody | null) {
    super(body?.error.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.error.code ?? null;
    this.details = body?.error.details ?? [];
  }
}

function isHttpErrorBody(value: unknown): value is HttpErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    && 'message' in error && typeof error.message === 'string';
}

/** Sends with the bearer token (the admin's, or a lesson's teacher token); throws ApiError on failure. */
export async function send(path: string, token: string, init: RequestInit = {}, accept = 'application/json'): Promise<Response> {
  const response = await fetch(path, {
    ...init,
    headers: { ...init.headers, Authorization: `Bearer ${token}`, Accept: accept },
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, isHttpErrorBody(body) ? body : null);
  }
  return response;
}

/** Sends with the bearer token and reads the JSON answer (an empty answer, 204, is undefined). */
export async function call<T>(path: string, token: string, init: RequestInit = {}): Promise<T> {
  const response = await send(path, token, init);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** A JSON body for `call`. */
export function json(method: string, body: unknown): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export const lessonPath = (lessonId: string) => `/api/lessons/${encodeURIComponent(lessonId)}`;

export function createLesson(adminToken: string, body: CreateLessonBody): Promise<CreatedLesson> {
  return call<CreatedLesson>('/api/lessons', adminToken, json('POST', body));
}

/** A page of the server's lessons, newest first (admin only). */
export function listLessons(adminToken: string, limit: number, offset: number): Promise<LessonList> {
  return call<LessonList>(`/api/lessons?limit=${limit}&offset=${offset}`, adminToken);
}

/** A lesson's links, signed again (admin only): links expire, and closed pages forget them. */
export function getLessonLinks(adminToken: string, lessonId: string): Promise<CreatedLesson> {
  return call<CreatedLesson>(`${lessonPath(lessonId)}/links`, adminToken);
}

/** Withdraws every link of the lesson (admin only); answers with the new links. */
export function revokeLessonLinks(adminToken: string, lessonId: string): Promise<CreatedLesson> {
  return call<CreatedLesson>(`${lessonPath(lessonId)}/links/revoke`, adminToken, { method: 'POST' });
}

/** Ends the lesson for everyone (admin only). */
export function endLesson(adminToken: string, lessonId: string): Promise<EndedLesson> {
  return call<EndedLesson>(`${lessonPath(lessonId)}/end`, adminToken, { method: 'POST' });
}

export function getLesson(adminToken: string, lessonId: string): Promise<LessonDetail> {
  return call<LessonDetail>(lessonPath(lessonId), adminToken);
}
