import { checkWebhookTarget, isPublicAddress, WebhookTargetRefusal } from './webhook-target';

const STRICT = { allowHttp: false, allowPrivate: false };

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.10',
    '169.254.169.254', // cloud metadata
    '100.64.0.1', // carrier-grade NAT
    '0.0.0.0',
    '192.0.2.1', // documentation
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::7f00:1', // IPv4-compatible 127.0.0.1
    '::a9fe:a9fe', // IPv4-compatible 169.254.169.254
    '64:ff9b::a00:1', // NAT64 of 10.0.0.1
    '2002:a00:1::1', // 6to4 of 10.0.0.1
    'not an address',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '203.0.114.5', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  const refused = async (url: string, addresses: string[] = ['8.8.8.8'], policy = STRICT) => {
    const resolve = async () => addresses.map((address) => ({ address, family: 4 }));
    await expect(checkWebhookTarget(url, policy, resolve)).rejects.toThrow(WebhookTargetRefusal);
  };

  it('refuses http unless allowed, credentials, literal and named private targets', async () => {
    await refused('http://hooks.example.org/x');
    await refused('ftp://hooks.example.org/x');
    await refused('https://user:secret@hooks.example.org/x');
    await refused('https://127.0.0.1/x');
    await refused('https://[::1]/x');
    await refused('https://localhost/x');
    await refused('https://api.localhost/x');
    await refused('https://hooks.example.org/x', ['8.8.8.8', '10.0.0.7']);
    await refused('not a url');
  });

  it('accepts public https targets, and what the switches allow', async () => {
    const publicOnly = async () => [{ address: '8.8.8.8', family: 4 }];
    await expect(
      checkWebhookTarget('https://hooks.example.org/x', STRICT, publicOnly),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      checkWebhookTarget('http://127.0.0.1:8080/x', { allowHttp: true, allowPrivate: true }),
    ).resolves.toBeInstanceOf(URL);
    await refused('http://127.0.0.1:8080/x', [], { allowHttp: true, allowPrivate: false });
    // A name that does not resolve here cannot reach anything now; each delivery checks again.
    const nowhere = async () => {
      throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(
      checkWebhookTarget('https://not-yet.example.org/x', STRICT, nowhere),
    ).resolves.toBeInstanceOf(URL);
  });
});
