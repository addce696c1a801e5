/**
 * Other spellings of an address that reach the same page on most servers, for `block` rules:
 * a block must hold against them (`https://crm.example.com/payroll/*` must cover `/PAYROLL/1`,
 * `//payroll/1`, `/%70ayroll/1`, `crm.example.com./payroll/1` and the folder `/payroll` itself).
 * Suggest rules see the address as written: reading a page under another spelling is no harm,
 * missing a block is.
 *
 * @example blockVariants('https://crm.example.com.//%70ayroll') // ['https://crm.example.com/payroll', …]
 */
export function blockVariants(href: string): string[] {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return [];
  }
  if (!/^(https?|wss?|ftp|file):$/.test(url.protocol)) return [];
  const host = url.hostname.replace(/\.+$/, '');
  // Unreserved characters written as %XX mean the same as the characters themselves (RFC 3986).
  const path = url.pathname.replace(/\/{2,}/g, '/').replace(/%([0-9a-f]{2})/gi, (escape, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : escape;
  });
  const paths = new Set([path, path.toLowerCase()]);
  for (const p of [...paths]) if (!p.endsWith('/')) paths.add(`${p}/`);
  const start = `${url.protocol}//${url.username || url.password ? `${url.username}:${url.password}@` : ''}${host}${url.port ? `:${url.port}` : ''}`;
  const variants = new Set<string>();
  for (const p of paths) {
    for (const search of new Set([url.search, url.search.toLowerCase()])) variants.add(`${start}${p}${search}`);
  }
  variants.delete(url.href.replace(/#.*$/, ''));
  return [...variants];
}
