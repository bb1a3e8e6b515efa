/**
 * Pages opened by a person rather than an invitation (admin, report) carry their token in the
 * hash (`#token=…`): a hash is never sent to the server nor written to access logs. Keep it for
 * this tab only and take it out of the address bar so that it does not end up in screenshots
 * or shared links.
 */
export function takeHashToken(storageKey: string): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    saveHashToken(storageKey, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  try {
    return sessionStorage.getItem(storageKey) ?? '';
  } catch {
    return '';
  }
}

export function saveHashToken(storageKey: string, token: string): void {
  try {
    sessionStorage.setItem(storageKey, token);
  } catch {
    // Not kept across reloads; the page still holds it.
  }
}

/** A link that hands its token to such a page without sending it to the server. */
export function withHashToken(url: string, token: string): string {
  return `${url}#${new URLSearchParams({ token }).toString()}`;
}
