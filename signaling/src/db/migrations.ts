/**
 * Schema changes, applied in order once each (PRAGMA user_version holds how many ran).
 * Append new steps; never edit one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE lessons (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     phase TEXT NOT NULL DEFAULT 'scheduled',
     created_at TEXT NOT NULL,
     started_at TEXT,
     ended_at TEXT
   );
   CREATE TABLE classrooms (
     id TEXT PRIMARY KEY,
     lesson_id TEXT NOT NULL REFERENCES lessons(id),
     name TEXT NOT NULL,
     position INTEGER NOT NULL,
     removed_at TEXT
   );
   CREATE INDEX classrooms_by_lesson ON classrooms(lesson_id, position);
   CREATE TABLE attendance (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     lesson_id TEXT NOT NULL REFERENCES lessons(id),
     classroom_id TEXT REFERENCES classrooms(id),
     role TEXT NOT NULL,
     connection_id TEXT NOT NULL,
     joined_at TEXT NOT NULL,
     left_at TEXT
   );
   CREATE INDEX attendance_by_lesson ON attendance(lesson_id, classroom_id);`,
  `ALTER TABLE lessons ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     lesson_id TEXT NOT NULL REFERENCES lessons(id),
     from_role TEXT NOT NULL,
     from_classroom_id TEXT REFERENCES classrooms(id),
     to_kind TEXT NOT NULL,
     to_classroom_id TEXT REFERENCES classrooms(id),
     text TEXT,
     quick TEXT,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX messages_by_lesson ON messages(lesson_id, id);`,
  `CREATE TABLE questions (
     id TEXT PRIMARY KEY,
     lesson_id TEXT NOT NULL REFERENCES lessons(id),
     position INTEGER NOT NULL,
     kind TEXT NOT NULL,
     prompt TEXT NOT NULL,
     options TEXT NOT NULL,
     correct TEXT,
     time_limit_seconds INTEGER,
     answer_mode TEXT NOT NULL,
     state TEXT NOT NULL DEFAULT 'draft',
     opened_at INTEGER,
     closes_at INTEGER,
     closed_at INTEGER
   );
   CREATE INDEX questions_by_lesson ON questions(lesson_id, position);
   CREATE TABLE submissions (
     question_id TEXT NOT NULL REFERENCES questions(id),
     classroom_id TEXT NOT NULL REFERENCES classrooms(id),
     answer TEXT NOT NULL,
     submitted_at INTEGER NOT NULL,
     revisions INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (question_id, classroom_id)
   );
   CREATE TABLE quality_samples (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     lesson_id TEXT NOT NULL REFERENCES lessons(id),
     classroom_id TEXT NOT NULL REFERENCES classrooms(id),
     at INTEGER NOT NULL,
     rtt_ms REAL,
     loss_percent REAL NOT NULL,
     jitter_ms REAL,
     bitrate_kbps REAL NOT NULL,
     frame_height INTEGER NOT NULL,
     fps REAL NOT NULL
   );
   CREATE INDEX quality_by_lesson ON quality_samples(lesson_id, classroom_id, at);`,
  // The admin's lesson list, newest first.
  'CREATE INDEX lessons_by_creation ON lessons(created_at);',
  // Revocable links (a generation per lesson) and why a lesson ended (teacher, admin, teacher away).
  `ALTER TABLE lessons ADD COLUMN token_version INTEGER NOT NULL DEFAULT 1;
   ALTER TABLE lessons ADD COLUMN ended_reason TEXT;`,
];
