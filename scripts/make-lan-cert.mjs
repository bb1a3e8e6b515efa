#!/usr/bin/env node
// A self-signed certificate for serving the classroom on a school LAN over HTTPS (browsers give
// camera and microphone only to secure pages, localhost excepted). Uses Debian's openssl.
//
//   npm run cert -- 192.168.1.10 [classroom.school.lan]   → data/tls/cert.pem, data/tls/key.pem
//
// Then start with TLS_CERT_FILE=data/tls/cert.pem TLS_KEY_FILE=data/tls/key.pem
// PUBLIC_URL=https://192.168.1.10:3000. Each device must accept the certificate once (or install
// data/tls/cert.pem as trusted).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: npm run cert -- <LAN IP address or host name> [more names…]');
  process.exit(2);
}
const dir = resolve(process.env.TLS_DIR ?? join(process.env.DATA_DIR ?? 'data', 'tls'));
mkdirSync(dir, { recursive: true, mode: 0o700 });
const san = ['DNS:localhost', 'IP:127.0.0.1', ...names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`))].join(',');
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');
execFileSync('openssl', [
  'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '825',
  '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`, '-keyout', key, '-out', cert,
], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync('chmod', ['600', key]);
console.log(`Certificate for ${names.join(', ')} written:\n  TLS_CERT_FILE=${cert}\n  TLS_KEY_FILE=${key}`);
