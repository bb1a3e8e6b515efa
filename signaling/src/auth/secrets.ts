import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a secret kept in the data directory, creating it on first start. Files are 0600 and the
 * directory 0700: only the service account can read them.
 */
export function loadOrCreateSecret(dataDir: string, name: string, bytes = 32): { value: string; created: boolean; file: string } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, name);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 16) return { value, created: false, file };
  }
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, created: true, file };
}
