export * from './ack.ts';
export * from './api.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './ids.ts';
export * from './lesson.ts';
export * from './media.ts';
export * from './roles.ts';
