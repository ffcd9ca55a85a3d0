import { TrackingLinks, TrackingTokens } from './tracking-tokens';

const tokens = new TrackingTokens('a-secret-of-enough-length');

describe('tracking tokens', () => {
  it('verify what they signed', () => {
    expect(tokens.verifyOpen(tokens.open(42))).toBe(42);
    expect(tokens.verifyClick(tokens.click(42, 'https://shop.example.com/a?b=1'), 'https://shop.example.com/a?b=1')).toBe(42);
  });

  it('refuse another delivery, another URL, another purpose or another secret', () => {
    const click = tokens.click(42, 'https://shop.example.com/');
    expect(tokens.verifyClick(click.replace(/^42\./, '43.'), 'https://shop.example.com/')).toBeNull();
    expect(tokens.verifyClick(click, 'https://evil.example.com/')).toBeNull();
    expect(tokens.verifyOpen(click)).toBeNull();
    expect(tokens.verifyClick(tokens.open(42), '')).toBeNull();
    expect(new TrackingTokens('another-secret-of-length').verifyOpen(tokens.open(42))).toBeNull();
  });

  it('refuse malformed tokens', () => {
    for (const bad of ['', '42', '42.', 'x.AAAAAAAAAAAAAAAAAAAAAA', '0.AAAAAAAAAAAAAAAAAAAAAA', '99999999999.AAAAAAAAAAAAAAAAAAAAAA', `${tokens.open(1)}x`]) {
      expect(tokens.verifyOpen(bad)).toBeNull();
    }
  });

  it('build pixel and click URLs under the public address', () => {
    const links = new TrackingLinks('https://retain.example.com', tokens);
    expect(links.openPixelUrl(7)).toMatch(/^https:\/\/retain\.example\.com\/t\/o\/7\.[A-Za-z0-9_-]{22}\.gif$/);
    const url = links.clickUrl(7, 'https://shop.example.com/a?b=1&c=2');
    expect(url).toMatch(/^https:\/\/retain\.example\.com\/t\/c\/7\.[A-Za-z0-9_-]{22}\?u=https%3A%2F%2Fshop\.example\.com%2Fa%3Fb%3D1%26c%3D2$/);
  });
});
