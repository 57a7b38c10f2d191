/**
 * The portal's Content-Security-Policy, one structure for both homes of the pages: the local
 * server (functions/local/server.ts) and CloudFront's response headers policy
 * (infra/constructs/web.ts). Everything comes from the site itself; no inline script or style, no
 * framing, no plugins.
 */
export const contentSecurityPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'frame-ancestors': ["'none'"],
  'upgrade-insecure-requests': [],
} as const satisfies Record<string, readonly string[]>;

/** Where the pages are served: the policy depends on the scheme and, in AWS, two other origins. */
export interface Site {
  /**
   * Served over HTTPS (CloudFront): only then does the policy ask browsers to upgrade plain
   * requests. The local server speaks HTTP, and on a HOST other than loopback a browser would
   * upgrade the page's own requests to an HTTPS nobody answers.
   */
  https: boolean;
  /** The Cognito hosted UI (token exchange, sign-in form); at home the issuer is the site. */
  signIn?: string;
  /** The files bucket (presigned uploads); at home the file store is behind the site. */
  files?: string;
}

/** The policy as a header value, with the other origins where each is needed. */
export function contentSecurityPolicyHeader(site: Site): string {
  const extra: Partial<Record<string, (string | undefined)[]>> = {
    'connect-src': [site.signIn, site.files],
    'form-action': [site.signIn],
  };
  return Object.entries(contentSecurityPolicy)
    .filter(([directive]) => site.https || directive !== 'upgrade-insecure-requests')
    .map(([directive, sources]) =>
      [directive, ...sources, ...(extra[directive] ?? [])].filter(Boolean).join(' '),
    )
    .join('; ');
}
