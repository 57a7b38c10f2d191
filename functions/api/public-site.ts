import { environmentVariables } from '../settings/environment';

/**
 * The portal's public address, one setting: the Atom feed's ids and links are built from it, never
 * from the request's Host header, which any client can forge. The CDK api construct sets it to the
 * site's URL, the local server to its own address.
 */
export const publicBaseUrlVariable = environmentVariables.publicBaseUrl;

/** The configured address as `https://host[/path]` without a trailing slash; throws when unusable. */
export function publicBaseUrl(value: string | undefined): string {
  if (!value) throw new Error(`${publicBaseUrlVariable} is not set`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${publicBaseUrlVariable} is not an absolute URL: ${value}`);
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new Error(
      `${publicBaseUrlVariable} must be a plain http(s) address such as https://portal.example`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
