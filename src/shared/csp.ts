/**
 * The studio page's Content-Security-Policy, one for every way the page is served: the
 * desktop app's custom scheme, the `<meta>` in index.html's build, and `gan-studio serve`.
 *
 * The page may run only its own scripts, show its own images plus `blob:` object
 * URLs of PNG bytes, and connect nowhere but home; no remote origin anywhere. In
 * development the dev server's origin (and its hot-reload socket) is home.
 * Inline styles are allowed: Vue and Chart.js set element styles at run time.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? new URL(devServerUrl) : undefined
  const devOrigins = dev
    ? [dev.origin, `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`]
    : []
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'", ...(dev ? [dev.origin] : [])],
    ['style-src', "'self'", "'unsafe-inline'", ...(dev ? [dev.origin] : [])],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...devOrigins],
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-src', "'none'"],
    ['frame-ancestors', "'none'"]
  ]
  return directives.map((d) => d.join(' ')).join('; ')
}

/** The policy as a `<meta>` may carry it: browsers ignore `frame-ancestors` there. */
export function metaContentSecurityPolicy(): string {
  return contentSecurityPolicy()
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ')
}
