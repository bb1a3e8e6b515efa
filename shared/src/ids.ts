import { z } from 'zod';

/** Server-made identifiers (lessons, classrooms, mediasoup objects): printable, bounded. */
export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an identifier');
