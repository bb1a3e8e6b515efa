import type { CreateLessonBody, CreatedLesson, HttpErrorBody, LessonDetail } from '@classroom/shared';

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

async function call<T>(path: string, adminToken: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { ...init.headers, Authorization: `Bearer ${adminToken}`, Accept: 'application/json' },
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, isHttpErrorBody(body) ? body : null);
  return body as T;
}

export function createLesson(adminToken: string, body: CreateLessonBody): Promise<CreatedLesson> {
  return call<CreatedLesson>('/api/lessons', adminToken, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function getLesson(adminToken: string, lessonId: string): Promise<LessonDetail> {
  return call<LessonDetail>(`/api/lessons/${encodeURIComponent(lessonId)}`, adminToken);
}
