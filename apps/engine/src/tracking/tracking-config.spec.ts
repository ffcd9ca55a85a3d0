// The settings tracking and holdouts read (config/env.ts): the public address and the global control group.
import { loadEnv } from '../config/env';

describe('tracking and holdout settings', () => {
  it('default the public address to http://HOST:PORT and drop a trailing slash', () => {
    expect(loadEnv({}).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadEnv({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://0.0.0.0:8080');
    expect(loadEnv({ RETAIN_PUBLIC_URL: 'https://retain.example.com/' }).publicUrl).toBe('https://retain.example.com');
  });

  it('refuse a public address that is not an http(s) URL', () => {
    expect(() => loadEnv({ RETAIN_PUBLIC_URL: 'retain.example.com' })).toThrow(/RETAIN_PUBLIC_URL: must be an absolute URL/);
    expect(() => loadEnv({ RETAIN_PUBLIC_URL: 'ftp://retain.example.com' })).toThrow(/RETAIN_PUBLIC_URL: must start with http/);
  });

  it('keep the global control group between 0 (none, the default) and 50 %', () => {
    expect(loadEnv({}).RETAIN_GLOBAL_CONTROL_PERCENT).toBe(0);
    expect(loadEnv({ RETAIN_GLOBAL_CONTROL_PERCENT: '2.5' }).RETAIN_GLOBAL_CONTROL_PERCENT).toBe(2.5);
    expect(() => loadEnv({ RETAIN_GLOBAL_CONTROL_PERCENT: '60' })).toThrow(/RETAIN_GLOBAL_CONTROL_PERCENT: must be between 0 and 50/);
    expect(() => loadEnv({ RETAIN_TRACKING_SECRET: 'short' })).toThrow(/RETAIN_TRACKING_SECRET must be at least 16 characters/);
  });
});
