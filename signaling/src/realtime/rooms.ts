// Socket.IO rooms of a lesson: everyone, the teacher's connections, one classroom's connections.
export const rooms = {
  lesson: (lessonId: string) => `lesson:${lessonId}`,
  teacher: (lessonId: string) => `lesson:${lessonId}:teacher`,
  classroom: (lessonId: string, classroomId: string) => `lesson:${lessonId}:classroom:${classroomId}`,
};
