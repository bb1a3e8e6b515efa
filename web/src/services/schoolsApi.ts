import type {
  ClassroomLinkRole, ClassroomLinks, LastingClassroom, School, SchoolImport, SchoolList, StandingDay, Teacher, TeacherLink, TeacherList, WallPictureDefault,
} from '@classroom/shared';
import { call, json } from './api.ts';

// The lasting records (admin only): schools, their classrooms, teachers, and their permanent links.

const id = (value: string) => encodeURIComponent(value);

export function listSchools(adminToken: string): Promise<SchoolList> {
  return call<SchoolList>('/api/schools', adminToken);
}

export function createSchool(adminToken: string, name: string, timeZone?: string): Promise<School> {
  return call<School>('/api/schools', adminToken, json('POST', { name, ...(timeZone ? { timeZone } : {}) }));
}

/** Whether the school's classes start a lesson with their picture for the teacher's wall on or off. */
export function setSchoolWallPicture(adminToken: string, schoolId: string, wallPicture: WallPictureDefault): Promise<School> {
  return call<School>(`/api/schools/${id(schoolId)}`, adminToken, json('PATCH', { wallPicture }));
}

export function addClassroom(adminToken: string, schoolId: string, name: string): Promise<LastingClassroom> {
  return call<LastingClassroom>(`/api/schools/${id(schoolId)}/classrooms`, adminToken, json('POST', { name }));
}

/** Sends the file as it is: the server checks that it is UTF-8 and reads its rows. */
export function importSchools(adminToken: string, file: Blob): Promise<SchoolImport> {
  return call<SchoolImport>('/api/schools/import', adminToken, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: file });
}

export function classroomLinks(adminToken: string, classroomId: string): Promise<ClassroomLinks> {
  return call<ClassroomLinks>(`/api/classrooms/${id(classroomId)}/links`, adminToken);
}

/** Withdraws one of the classroom's permanent links; answers with the links now valid. */
export function revokeClassroomLink(adminToken: string, classroomId: string, role: ClassroomLinkRole): Promise<ClassroomLinks> {
  return call<ClassroomLinks>(`/api/classrooms/${id(classroomId)}/links/${role}/revoke`, adminToken, { method: 'POST' });
}

export function listTeachers(adminToken: string): Promise<TeacherList> {
  return call<TeacherList>('/api/teachers', adminToken);
}

export function createTeacher(adminToken: string, name: string): Promise<Teacher> {
  return call<Teacher>('/api/teachers', adminToken, json('POST', { name }));
}

export function teacherLink(adminToken: string, teacherId: string): Promise<TeacherLink> {
  return call<TeacherLink>(`/api/teachers/${id(teacherId)}/link`, adminToken);
}

export function revokeTeacherLink(adminToken: string, teacherId: string): Promise<TeacherLink> {
  return call<TeacherLink>(`/api/teachers/${id(teacherId)}/link/revoke`, adminToken, { method: 'POST' });
}

/** A permanent link's day, read with the link's own token. */
export function standingDay(linkToken: string): Promise<StandingDay> {
  return call<StandingDay>('/api/me/today', linkToken);
}
