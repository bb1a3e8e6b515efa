// No zod here: the browser imports this at run time (see quizJudging.ts).

/**
 * Socket.IO disconnect reasons (the same words on both ends) that the network caused: the client
 * comes back by itself, and media outlives the gap (the server keeps it, `media:resume` takes it back).
 */
export const NETWORK_LOSS_REASONS: ReadonlySet<string> = new Set(['ping timeout', 'transport close', 'transport error']);
