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

describe('the demo API port', () => {
  it('defaults near the app (PORT + 10) and 0 turns it off', () => {
    expect(readLauncherConfig({}).demoApiPort).toBe(3010);
    expect(readLauncherConfig({ PORT: '3102' }).demoApiPort).toBe(3112);
    expect(readLauncherConfig({ PORT: '65530' }).demoApiPort).toBe(65520);
    expect(readLauncherConfig({ BATON_DEMO_API_PORT: '4100' }).demoApiPort).toBe(4100);
    expect(readLauncherConfig({ BATON_DEMO_API_PORT: '0' }).demoApiPort).toBe(0);
  });

  it("is never the app's or the database's port", () => {
    expect(() => readLauncherConfig({ BATON_DEMO_API_PORT: '3000' })).toThrow(/BATON_DEMO_API_PORT \(3000\) must differ from PORT and BATON_PG_PORT/);
    expect(() => readLauncherConfig({ BATON_DEMO_API_PORT: '54329' })).toThrow(ConfigError);
    expect(() => readLauncherConfig({ BATON_DEMO_API_PORT: 'x' })).toThrow(/BATON_DEMO_API_PORT must be a whole number from 0 to 65535/);
  });
});
