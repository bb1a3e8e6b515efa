import { resolve } from 'node:path';
import type { CodeSplittingGroup, OutputBundle, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

/** The pages, from web/: each starts its module graph (with what Vite adds to every page). */
const PROJECTOR = 'projector.html';
const INDEX = 'index.html';
/** The projector page's first module, run at once: its socket (src/projector.tsx imports it first). */
const PROJECTOR_SOCKET = 'src/services/earlySocket.ts';
/** The projector page's script (projector.html's). */
const PROJECTOR_SCRIPT = 'src/projector.tsx';
/** What brings the projector's picture, imported by the page's script once its socket is opening. */
const PROJECTOR_PICTURE = 'src/projectorLesson.ts';

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

const CHUNKS = ['projector-socket', 'app-runtime', 'app-core', 'app-common', 'projector', 'app-base', 'views-common', 'projector-views'] as const;
type Chunk = (typeof CHUNKS)[number];
/** Which chunk a module goes to, or null: the bundler's own choice (the other pages' views). */
type ChunkOf = (id: string) => Chunk | null;

/** What the modules of a set import dynamically, each with all it imports statically. */
function dynamicClosures(graph: ModuleGraph, of: Set<string>): Set<string>[] {
  return [...of].flatMap((id) => graph.getModuleInfo(id)?.dynamicallyImportedIds ?? []).map((id) => staticClosure(graph, id));
}

function chunkOfProjectorModules(graph: ModuleGraph, root: string): ChunkOf {
  const socket = staticClosure(graph, resolve(root, PROJECTOR_SOCKET));
  // The rest of what the page's script needs at once: the styles, the bundler's helpers.
  const entry = staticClosure(graph, resolve(root, PROJECTOR));
  const picture = staticClosure(graph, resolve(root, PROJECTOR_PICTURE));
  const index = staticClosure(graph, resolve(root, INDEX));
  // The projector's views: a lesson link's, imported once its picture is up, and a permanent
  // link's day. React comes with them. (Not what the picture's code imports on demand: other
  // browsers' mediasoup-client handlers.)
  const views = new Set(dynamicClosures(graph, new Set([resolve(root, PROJECTOR_SCRIPT), resolve(root, PROJECTOR_PICTURE)])).flatMap((view) => [...view]));
  // What the views that run no media (admin, report, home) need: kept out of `projector`, or
  // loading one of them would bring mediasoup-client along.
  const mediaFree = new Set(dynamicClosures(graph, index)
    .filter((view) => ![...view].some((id) => /[\\/]node_modules[\\/]mediasoup-client[\\/]/.test(id))).flatMap((view) => [...view]));
  return (id) => {
    if (socket.has(id)) return 'projector-socket';
    if (entry.has(id)) return id === resolve(root, PROJECTOR) || id === resolve(root, PROJECTOR_SCRIPT) ? null : 'app-runtime';
    if (picture.has(id)) return index.has(id) ? 'app-core' : mediaFree.has(id) ? 'app-common' : 'projector';
    if (!views.has(id)) return null;
    if (index.has(id)) return 'app-base';
    return mediaFree.has(id) ? 'views-common' : 'projector-views';
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
 * Grouped instead by which pages load them, and when:
 *   projector-socket  the socket and what it needs (socket.io);
 *   app-runtime       the styles and the bundler's helpers, which every page needs at once;
 *   app-core          what the projector's picture needs of what every page runs first (helpers);
 *   app-common        what the picture needs of what the pages that run no media (admin,
 *                     report) need too;
 *   projector         the rest the picture needs (mediasoup-client, the session), which the
 *                     teacher's and assistant's views load too;
 *   app-base          the rest every page runs first (React, i18n): the projector's views';
 *   views-common      what the projector's views share with the pages that run no media;
 *   projector-views   the rest of the projector's views, after its picture (see projectorLesson.ts).
 * And the socket starts first: the page's script is only the socket's (~15 kB), which then
 * imports what brings the picture (PROJECTOR_PICTURE), fetched meanwhile (module preloads in
 * the page): the socket's handshake, its connect and the lesson's sync overlap the download of
 * the rest on a weak link.
 *
 * Returns the groups for `output.codeSplitting` and the plugin that gives them the module graph
 * and names the picture's files in projector.html.
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
        const pictureId = resolve(root, PROJECTOR_PICTURE);
        const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
        const picture = chunks.find((c) => c.moduleIds.includes(pictureId));
        if (!picture) throw new Error(`projector chunks: no chunk for ${PROJECTOR_PICTURE} (does src/projector.tsx import it?)`);
        const page = chunks.find((c) => c.moduleIds.includes(resolve(root, PROJECTOR_SCRIPT)));
        const loadedByThePage = new Set(page ? [page.fileName, ...importsOf(page, bundle)] : []);
        // Fetched with the page's script. (A plain preload, as="script", is compiled again once
        // imported as a module, on the main thread: Chromium's "wrong script type".)
        return [...importsOf(picture, bundle), picture.fileName].filter((file) => !loadedByThePage.has(file))
          .map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
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
