import { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where webhooks may go: both switches are off unless the operator turns them on. */
export interface WebhookTargetPolicy {
  /** `http://` targets (a trial on one machine); otherwise `https://` only. */
  allowHttp: boolean;
  /** Loopback, private, link-local and other non-public addresses (a receiver on the LAN). */
  allowPrivate: boolean;
}

/** Resolves a host name to every address it has (dns.lookup with all: true). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const resolveWithDns: ResolveHost = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

/** Why a target is refused, in words that name no address (they go to agencies and logs). */
export class WebhookTargetRefusal extends Error {
  override readonly name = 'WebhookTargetRefusal';
}

/**
 * Public unicast only: an address in any special range (loopback, RFC 1918, link-local with the
 * cloud metadata service at 169.254.169.254, carrier-grade NAT, unique-local, multicast,
 * documentation, and the IPv6 forms that embed an IPv4 address: mapped, 6to4, Teredo, NAT64) is
 * not public. ipaddr.js names the ranges; 'unicast' is what is left.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return isPublicAddress(v6.toIPv4Address().toString());
    // IPv4-compatible (::a.b.c.d, deprecated), which ipaddr.js calls unicast.
    if (v6.parts.slice(0, 6).every((part) => part === 0)) return false;
  }
  return parsed.range() === 'unicast';
}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * What can be checked of a webhook URL without resolving it: the scheme, that it carries no
 * credentials, and (unless private targets are allowed) that a literal address or a localhost
 * name is not its host. Returns the URL and the host name still to resolve, if any.
 */
export function parseWebhookTarget(
  webhookUrl: string,
  policy: WebhookTargetPolicy,
): { url: URL; hostToResolve: string | null } {
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    throw new WebhookTargetRefusal('the webhook URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new WebhookTargetRefusal(
      policy.allowHttp ? 'webhook URLs must be http or https' : 'webhook URLs must be https',
    );
  }
  if (url.username || url.password) {
    throw new WebhookTargetRefusal('webhook URLs may not carry credentials');
  }
  if (policy.allowPrivate) return { url, hostToResolve: null };
  const host = hostOf(url);
  if (isIP(host)) {
    if (!isPublicAddress(host)) throw notPublic();
    return { url, hostToResolve: null };
  }
  if (host === 'localhost' || host.endsWith('.localhost')) throw notPublic();
  return { url, hostToResolve: host };
}

/**
 * Checks a webhook URL at registration: `parseWebhookTarget`, then every address its host
 * resolves to must be public. The deliverer checks again at each connection, on the address it
 * connects to.
 */
export async function checkWebhookTarget(
  webhookUrl: string,
  policy: WebhookTargetPolicy,
  resolve: ResolveHost = resolveWithDns,
): Promise<URL> {
  const { url, hostToResolve } = parseWebhookTarget(webhookUrl, policy);
  if (hostToResolve === null) return url;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(hostToResolve);
  } catch {
    // Not resolvable from here (yet): nothing it could reach now. Every delivery checks again.
    return url;
  }
  if (addresses.some((entry) => !isPublicAddress(entry.address))) throw notPublic();
  return url;
}

function notPublic(): WebhookTargetRefusal {
  return new WebhookTargetRefusal(
    'webhook URLs may not point at loopback, private, link-local or other non-public addresses',
  );
}
