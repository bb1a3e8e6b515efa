const STORAGE_KEY = 'classroom.adminToken';

/**
 * The admin link carries its token in the hash (`/admin#token=…`): a hash is never sent to the
 * server nor written to access logs. Keep it for this tab only and take it out of the address
 * bar so that it does not end up in screenshots or shared links.
 */
export function takeAdminToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    saveAdminToken(fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveAdminToken(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Not kept across reloads; the field still holds it.
  }
}
