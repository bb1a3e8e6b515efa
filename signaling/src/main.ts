import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createApplication } from './server.ts';
import { startupBanner } from './startupBanner.ts';

// Entry point of `npm start`: one process with everything, on the embedded defaults.
let config;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const log = createLogger(config.logLevel);

try {
  const app = await createApplication(config, log);
  process.stdout.write(startupBanner({
    publicUrl: config.publicUrl, adminToken: app.adminToken, adminTokenFile: app.adminTokenFile, terminal: process.stdout.isTTY === true,
  }));

  // mediasoup adds its own SIGINT/SIGTERM listeners that close the workers, which cancels Node's
  // default exit: the process would stay up with dead workers. Handle both and exit ourselves.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(() => process.exit(0), (error: unknown) => {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  log.fatal({ err: error }, 'the server could not start');
  process.stderr.write(`\nThe server could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
