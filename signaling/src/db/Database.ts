import { SqlLessonStore, type LessonStore } from './LessonStore.ts';
import { SqlMessageStore, type MessageStore } from './MessageStore.ts';
import { SqlQualityStore, type QualityStore } from './QualityStore.ts';
import { SqlQuizStore, type QuizStore } from './QuizStore.ts';
import type { SqlDatabase } from './SqlDatabase.ts';
import { openSqlite } from './sqlite.ts';

/** Opens the database and brings its schema up to date. */
export async function openDatabase(file: string): Promise<SqlDatabase> {
  return openSqlite(file);
}

/** Every store of the records, one per kind. */
export interface LessonStores {
  lessons: LessonStore;
  messages: MessageStore;
  quiz: QuizStore;
  quality: QualityStore;
}

export function createStores(db: SqlDatabase, limits: { questionsPerLesson: number; messagesPerLesson: number }): LessonStores {
  return {
    lessons: new SqlLessonStore(db),
    messages: new SqlMessageStore(db, limits.messagesPerLesson),
    quiz: new SqlQuizStore(db, limits.questionsPerLesson),
    quality: new SqlQualityStore(db),
  };
}
