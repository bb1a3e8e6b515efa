import { randomUUID } from 'node:crypto';
import { ClassroomError, ERROR_CODES, type ErrorBody, type ErrorCode } from '@classroom/shared';
import type { Logger } from '../logger.ts';
import { closeRedis, connectRedis, type Redis } from './redis.ts';

const requestsOf = (nodeId: string) => `cluster:node:${nodeId}:requests`;
const repliesOf = (nodeId: string) => `cluster:node:${nodeId}:replies`;

interface Envelope {
  id: string;
  /** The asking node, whose replies channel gets the answer. */
  from: string;
  body: unknown;
}

type Reply = { id: string; ok: true; data?: unknown } | { id: string; ok: false; error: ErrorBody };

/** Nobody listens on that node's channel: it stopped (or lost Redis). Nothing was done there. */
export class NodeNotListeningError extends Error {
  constructor(nodeId: string) {
    super(`node ${nodeId} is not listening`);
  }
}

/** What the asked node does with a request (from node `from`): its answer (JSON), or a ClassroomError to send back. */
export type RequestHandler = (body: unknown, from: string) => Promise<unknown>;

/**
 * Requests from one node to another over Redis pub/sub: each node listens on a channel of its
 * own for requests and on another for the answers to its own.
 *
 * Why this rather than Socket.IO's `serverSideEmitWithAck` (which the streams adapter also
 * carries over pub/sub): a request here is for one node, the lesson's owner, known from its
 * lease. serverSideEmitWithAck asks every node and fails unless all of them answer within a
 * fixed 5 s, so one slow node elsewhere would fail the request and hide whether the owner acted.
 * Here PUBLISH's reply counts the listeners, so a dead owner is known at once (0: nothing was
 * done, ask again where the lesson runs), and the timeout is ours.
 */
export class NodeRequests {
  readonly #nodeId: string;
  /** Publishes (the lease connection: commands fail fast while Redis is away). */
  readonly #publisher: Redis;
  /** Subscribed only (a connection in subscriber mode takes no other commands). */
  readonly #subscriber: Redis;
  readonly #handle: RequestHandler;
  readonly #log: Logger;
  readonly #pending = new Map<string, { resolve(data: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>();

  private constructor(nodeId: string, publisher: Redis, subscriber: Redis, handle: RequestHandler, log: Logger) {
    this.#nodeId = nodeId;
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#handle = handle;
    this.#log = log;
  }

  /** Listens for requests to this node (node-redis subscribes again by itself after a reconnect). */
  static async start(url: string, nodeId: string, publisher: Redis, handle: RequestHandler, log: Logger): Promise<NodeRequests> {
    const subscriber = await connectRedis(url, { purpose: 'node requests', failFast: false, commandTimeoutMs: 2_000 }, log);
    const requests = new NodeRequests(nodeId, publisher, subscriber, handle, log);
    try {
      await subscriber.subscribe(requestsOf(nodeId), (message) => requests.#onRequest(message));
      await subscriber.subscribe(repliesOf(nodeId), (message) => requests.#onReply(message));
    } catch (error) {
      await closeRedis(subscriber);
      throw error;
    }
    return requests;
  }

  /**
   * Asks a node and resolves with its answer. Rejects with {@link NodeNotListeningError} if that
   * node does not listen, the ClassroomError it answered with, or `unavailable` when no answer
   * came within `timeoutMs` (whether it acted is then unknown).
   */
  async request(nodeId: string, body: unknown, timeoutMs: number): Promise<unknown> {
    const id = randomUUID();
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ClassroomError('unavailable', 'the server running this lesson did not answer in time: try again'));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
    });
    // Settled here if publishing fails; the caller then gets that failure, not a timeout.
    answer.catch(() => undefined);
    let listeners: number;
    try {
      listeners = await this.#publisher.publish(requestsOf(nodeId), JSON.stringify({ id, from: this.#nodeId, body } satisfies Envelope));
    } catch (error) {
      this.#settle(id);
      throw error;
    }
    if (listeners === 0) {
      this.#settle(id);
      throw new NodeNotListeningError(nodeId);
    }
    return answer;
  }

  /** Stops listening; requests still waiting fail. */
  async close(): Promise<void> {
    for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(new ClassroomError('unavailable', 'this server is stopping'));
    await closeRedis(this.#subscriber);
  }

  #settle(id: string): { resolve(data: unknown): void; reject(error: Error): void } | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    return pending;
  }

  #onRequest(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
      if (typeof envelope.id !== 'string' || typeof envelope.from !== 'string') throw new Error('no id or sender');
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'a malformed node request was dropped');
      return;
    }
    const { id, from } = envelope;
    this.#handle(envelope.body, from).then(
      (data): Reply => ({ id, ok: true, data }),
      (error: unknown): Reply => {
        if (error instanceof ClassroomError) return { id, ok: false, error: { code: error.code, message: error.message } };
        this.#log.error({ err: error, from }, 'a request from another node failed');
        return { id, ok: false, error: { code: 'internal', message: 'something went wrong on the server running this lesson' } };
      },
    ).then((reply) => this.#publisher.publish(repliesOf(from), JSON.stringify(reply)))
      .catch((error: unknown) => this.#log.warn({ err: (error as Error).message, from }, 'could not answer another node (it times out)'));
  }

  #onReply(message: string): void {
    let reply: Reply;
    try {
      reply = JSON.parse(message) as Reply;
    } catch {
      return;
    }
    const pending = this.#settle(reply.id);
    if (!pending) return; // timed out already
    if (reply.ok) pending.resolve(reply.data);
    else pending.reject(new ClassroomError(knownCode(reply.error.code), reply.error.message));
  }
}

function knownCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? code as ErrorCode : 'internal';
}
