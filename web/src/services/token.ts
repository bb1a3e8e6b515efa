/** Page links carry their signed token as `?token=`. */
export function tokenFromQuery(): string | null {
  const token = new URLSearchParams(location.search).get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

/**
 * Whether a link's token is a permanent one (a lasting classroom's or a teacher's), which names
 * no lesson. Read without checking the signature: only to pick the page; the server checks it.
 */
export function isStandingToken(token: string): boolean {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims: unknown = JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/')));
    return typeof claims === 'object' && claims !== null && 'typ' in claims && claims.typ === 'standing';
  } catch {
    return false;
  }
}
