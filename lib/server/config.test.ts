import { describe, expect, it } from 'vitest';
import { ConfigError, readLauncherConfig } from './config';

describe('readLauncherConfig', () => {
  it('defaults to the embedded database on its own port', () => {
    const cfg = readLauncherConfig({});
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.BATON_PG_PORT).toBe(54329);
    expect(cfg.PORT).toBe(3000);
  });

  it('treats an empty variable as unset', () => {
    const cfg = readLauncherConfig({ DATABASE_URL: '', BATON_DEMO: '', PORT: '' });
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.BATON_DEMO).toBeUndefined();
    expect(cfg.PORT).toBe(3000);
  });

  it('refuses port 5432 for the embedded server with a message that says why', () => {
    expect(() => readLauncherConfig({ BATON_PG_PORT: '5432' })).toThrow(/must not be 5432/);
  });

  it('names the field that is wrong, as a configuration error', () => {
    expect(() => readLauncherConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => readLauncherConfig({ BATON_DEMO: 'yes' })).toThrow(ConfigError);
  });

  it('stops on an allow-list entry it cannot read, saying the expected form', () => {
    expect(readLauncherConfig({ BATON_ALLOWED_HOSTS: 'api.internal:8080,127.0.0.1' }).BATON_ALLOWED_HOSTS).toBe('api.internal:8080,127.0.0.1');
    expect(() => readLauncherConfig({ BATON_ALLOWED_HOSTS: 'api.internal:99999' })).toThrow(/BATON_ALLOWED_HOSTS: "api.internal:99999" is not host:port/);
  });
});
