import { resolve } from 'node:path';
import type { CodeSplittingGroup, OutputBundle, OutputChunk } from 'rolldown';
import type { HtmlTagDescriptor, Plugin } from 'vite';

/** The pages, from web/: each starts its module graph (with what Vite adds to every page). */
const PROJECTOR = 'projector.html';
const INDEX = 'index.html';
/** The projector's socket, built as an entry of its own: vite.config.ts names it as an input. */
export const PROJECTOR_SOCKET = 'src/services/earlySocket.ts';

interface ModuleGraph {
  getModuleInfo(id: string): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}

/** Every module `from` imports statically, itself included. */
function staticClosure(graph: ModuleGraph, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.getModuleInfo(id)?.importedIds ?? []));
  }
  return seen;
}

const CHUNKS = ['projector-socket', 'app-base', 'app-common', 'projector'] as const;
type Chunk = (typeof CHUNKS)[number];
/** Which chunk a module goes to, or null: the bundler's own choice (the other pages' views). */
type ChunkOf = (id: string) => Chunk | null;

function chunkOfProjectorModules(graph: ModuleGraph, root: string): ChunkOf {
  const socket = staticClosure(graph, resolve(root, PROJECTOR_SOCKET));
  const projector = staticClosure(graph, resolve(root, PROJECTOR));
  const index = staticClosure(graph, resolve(root, INDEX));
  // What the views that run no media (admin, report, home) need: kept out of `projector`, or
  // loading one of them would bring mediasoup-client along.
  const views = [...index].flatMap((id) => graph.getModuleInfo(id)?.dynamicallyImportedIds ?? []).map((id) => staticClosure(graph, id));
  const mediaFree = new Set(views.filter((view) => ![...view].some((id) => /[\\/]node_modules[\\/]mediasoup-client[\\/]/.test(id))).flatMap((view) => [...view]));
  return (id) => {
    if (socket.has(id)) return 'projector-socket';
    if (!projector.has(id)) return null;
    if (index.has(id)) return 'app-base';
    return mediaFree.has(id) ? 'app-common' : 'projector';
  };
}

/** The files a chunk imports, and those they import, in the order they are needed. */
function importsOf(chunk: OutputChunk, bundle: OutputBundle): string[] {
  return chunk.imports.flatMap((file) => {
    const imported = bundle[file];
    return [...(imported?.type === 'chunk' ? importsOf(imported, bundle) : []), file];
  }).filter((file, i, all) => all.indexOf(file) === i);
}

/**
 * The projector page's files, for a rural link (issue 17). Left to itself, the bundler cuts what
 * the projector shares with the other pages' views into ~20 files, and over HTTP/1.1 (6
 * connections a host) every file past the sixth waits a round trip for a free connection.
 * Grouped instead by which pages load them:
 *   projector-socket  the socket and what it needs (socket.io);
 *   app-base          what every page runs first (React, i18n, styles): index.html's too;
 *   app-common        what the projector shares with the pages that run no media (admin, report);
 *   projector         the rest the projector runs (mediasoup-client, its views, the session),
 *                     which the teacher's and assistant's views load too.
 * And the socket starts on its own: the page's module graph runs only once all of it has
 * arrived (~1.5 s of a 1 Mbit/s link), but the socket's entry (PROJECTOR_SOCKET) is a script
 * of its own, first in the page, that runs as soon as its ~15 kB are in: the socket's handshake,
 * its connect and the lesson's sync overlap the download of the rest.
 *
 * Returns the groups for `output.codeSplitting` and the plugin that gives them the module graph
 * and puts the socket's script into projector.html.
 */
export function projectorChunks(root: string): { plugin: Plugin; groups: CodeSplittingGroup[] } {
  let chunkOf: ChunkOf | null = null;
  const plugin: Plugin = {
    name: 'classroom:projector-chunks',
    apply: 'build',
    buildStart() { chunkOf = null; },
    // Chunks are made after every module is loaded: the graph is complete here.
    buildEnd() { chunkOf = chunkOfProjectorModules(this, root); },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { filename, bundle }) {
        if (resolve(filename) !== resolve(root, PROJECTOR) || !bundle) return;
        const socketId = resolve(root, PROJECTOR_SOCKET);
        const entry = Object.values(bundle).find((c): c is OutputChunk => c.type === 'chunk' && c.isEntry && c.facadeModuleId === socketId);
        if (!entry) throw new Error(`projector chunks: no entry chunk for ${PROJECTOR_SOCKET} (is it an input in vite.config.ts?)`);
        // First in the page, so that its files are the first asked for; async: it runs as soon as they are in.
        const tags: HtmlTagDescriptor[] = [
          ...importsOf(entry, bundle).map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head-prepend' as const })),
          { tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `/${entry.fileName}` }, injectTo: 'head-prepend' },
        ];
        return tags;
      },
    },
  };
  const test = (chunk: Chunk) => (id: string): boolean => {
    if (!chunkOf) throw new Error('projector chunks: no module graph (is the plugin in vite.config.ts?)');
    return chunkOf(id) === chunk;
  };
  // Each module goes exactly where chunkOf says: a group that took its modules' imports along
  // would pull shared ones into the projector's chunk (strictExecutionOrder keeps the order).
  const groups = CHUNKS.map((chunk, i) => ({ name: chunk, test: test(chunk), priority: CHUNKS.length - i, includeDependenciesRecursively: false }));
  return { plugin, groups };
}
