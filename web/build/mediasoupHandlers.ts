import type { Plugin } from 'vite';

/**
 * mediasoup-client is CommonJS: its Device requires the handler of every browser and its index a
 * fake handler with test parameters, so no tree shaking can drop them (~200 kB of the 240 kB it
 * weighs). In the bundle they become stubs: Chrome111, the handler of every current Chromium,
 * stays in Device; the others load on demand (web/src/services/mediaDevice.ts) for the browsers
 * that need them; React Native and the test fakes are never needed in a browser.
 */
const STUBBED: Record<string, RegExp> = {
  'lib/Device.js': /^\.\/handlers\/(Chrome74|Firefox120|Safari12|ReactNative106)$/,
  'lib/index.js': /^\.\/(handlers\/FakeHandler|test\/fakeParameters)$/,
};
const STUB_PREFIX = '\0mediasoup-client-stub:';

export function mediasoupHandlersOnDemand(): Plugin {
  return {
    name: 'classroom:mediasoup-handlers-on-demand',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer?.includes('/node_modules/mediasoup-client/')) return null;
      for (const [file, pattern] of Object.entries(STUBBED)) {
        if (!importer.endsWith(`/mediasoup-client/${file}`)) continue;
        const match = pattern.exec(source);
        if (match) return `${STUB_PREFIX}${match[1]!.split('/').pop()!}`;
      }
      return null;
    },
    load(id) {
      if (!id.startsWith(STUB_PREFIX)) return null;
      const name = id.slice(STUB_PREFIX.length);
      const message = `mediasoup-client ${name} is not in this bundle: web/services/mediaDevice.ts loads handlers on demand`;
      // Whatever the requiring module reads from it (a class, a namespace of helpers) fails loudly if used.
      return `export const ${name} = new Proxy({}, { get() { throw new Error(${JSON.stringify(message)}); } });`;
    },
  };
}
