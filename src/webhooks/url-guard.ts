import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface UrlPolicy {
  readonly allowPrivateUrls: boolean;
  readonly requireHttps: boolean;
}

export interface CheckedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Why a URL may not receive webhooks; the message names the field and is safe to show the caller. */
export class UnsafeUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

/**
 * ipaddr.js names every special-purpose range (private, loopback, linkLocal, uniqueLocal, multicast,
 * unspecified, carrierGradeNat, reserved, IPv4-mapped…); only plain public unicast is allowed.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) back into the IPv4 one it is.
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * The SSRF guard, at create/update and again before every delivery: the host is resolved (every
 * address it has), and each must be public unless private URLs are allowed. The address returned is
 * the one to connect to, so a DNS answer that changes between the check and the connection (DNS
 * rebinding) cannot redirect the request.
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<CheckedAddress> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeUrlError('url must use https');
  if (policy.requireHttps && url.protocol !== 'https:') throw new UnsafeUrlError('url must use https');
  if (url.username || url.password) throw new UnsafeUrlError('url must not contain credentials');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new UnsafeUrlError('url host does not resolve');
    }
  }
  const [first] = addresses;
  if (!first) throw new UnsafeUrlError('url host does not resolve');
  if (!policy.allowPrivateUrls) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) throw new UnsafeUrlError('url resolves to a private, loopback, link-local or otherwise non-public address');
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
