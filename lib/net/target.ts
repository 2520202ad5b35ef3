import { OutboundError } from './errors';

/** Parses a URL an outbound call may go to: http or https only (no file:, data:, ftp:, gopher: …). */
export function parseTarget(raw: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new OutboundError('bad-url', `"${String(raw).slice(0, 200)}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError('blocked', `Only http and https URLs can be called, not ${url.protocol}`);
  }
  return url;
}

/** The host as the URL parser wrote it, without IPv6 brackets or a trailing dot. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');

export const portOf = (url: URL) => (url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);
