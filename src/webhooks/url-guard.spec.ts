import { checkWebhookUrl, isPublicAddress } from './url-guard';

describe('webhook URL guard (SSRF)', () => {
  const strict = { allowPrivateUrls: false, requireHttps: true };

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('allows public %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('refuses literal and resolved private hosts, plain http when https is required, and credentials', async () => {
    await expect(checkWebhookUrl('https://127.0.0.1/x', strict)).rejects.toThrow(/url resolves to a private/);
    await expect(checkWebhookUrl('https://[::1]/x', strict)).rejects.toThrow(/url resolves to a private/);
    await expect(checkWebhookUrl('https://[::ffff:7f00:1]/x', strict)).rejects.toThrow(/url resolves to a private/);
    await expect(checkWebhookUrl('https://localhost/x', strict)).rejects.toThrow(/url resolves to a private/);
    await expect(checkWebhookUrl('http://93.184.216.34/x', strict)).rejects.toThrow(/url must use https/);
    await expect(checkWebhookUrl('https://u:p@93.184.216.34/x', strict)).rejects.toThrow(/credentials/);
    await expect(checkWebhookUrl('not a url', strict)).rejects.toThrow(/url must be/);
    await expect(checkWebhookUrl('https://93.184.216.34/x', strict)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(checkWebhookUrl('http://127.0.0.1:9/x', { allowPrivateUrls: true, requireHttps: false })).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});
