import { describe, expect, it, vi } from 'vitest';
import { AllowListError, allowListFromEnv, parseAllowList, refusal } from './allow-list';

const env = { PORT: '3000', BATON_PG_PORT: '54329', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };
const dest = (hostname: string, port: number, address = hostname) => ({ hostname, port, address });

describe('BATON_ALLOWED_HOSTS parsing', () => {
  it('reads host:port entries, IPv6 in brackets, names normalised as the URL parser writes them', () => {
    const list = parseAllowList(' api.Internal.:8080 , 127.0.0.1:9000,[::1]:9001,[0:0:0:0:0:ffff:7f00:1]:9002 ', env);
    expect(list.entries).toEqual([
      { host: 'api.internal', port: 8080 },
      { host: '127.0.0.1', port: 9000 },
      { host: '::1', port: 9001 },
      { host: '127.0.0.1', port: 9002 },
    ]);
    expect(list.bare).toEqual([]);
  });

  it('still accepts a bare host (IPv6 with or without brackets) and lists it for the warning', () => {
    const list = parseAllowList('127.0.0.1,localhost,::1,[fd00::1]', env);
    expect(list.entries.map((e) => e.port)).toEqual([undefined, undefined, undefined, undefined]);
    expect(list.entries.map((e) => e.host)).toEqual(['127.0.0.1', 'localhost', '::1', 'fd00::1']);
    expect(list.bare).toEqual(['127.0.0.1', 'localhost', '::1', '[fd00::1]']);
  });

  it.each(['127.0.0.1:0', 'host:65536', 'host:', 'http://host:80', 'user@host:80', 'host/path', '[::1', 'a b:80', '[not-ip]:80'])('refuses %s with a message saying the form', (bad) => {
    expect(() => parseAllowList(bad, env)).toThrow(AllowListError);
    expect(() => parseAllowList(bad, env)).toThrow(/is not host:port \(e\.g\. api\.internal:8080/);
  });

  it('warns once per process about bare hosts, naming the entries', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      allowListFromEnv({ ...env, BATON_ALLOWED_HOSTS: '10.1.2.3,api.internal:80' });
      allowListFromEnv({ ...env, BATON_ALLOWED_HOSTS: '10.1.2.3,api.internal:80' });
      allowListFromEnv({ ...env, BATON_ALLOWED_HOSTS: '10.1.2.4' });
      const warnings = write.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('BATON_ALLOWED_HOSTS'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('10.1.2.3');
      expect(warnings[0]).toContain('host:port');
    } finally {
      write.mockRestore();
    }
  });
});

describe('refusal', () => {
  it('lets public addresses through, refuses private ones unless an entry matches name or address and port', () => {
    const list = parseAllowList('api.internal:8080,10.0.0.9:443,127.0.0.1', env);
    expect(refusal(list, dest('example.com', 443, '93.184.215.14'))).toBeNull();
    expect(refusal(list, dest('api.internal', 8080, '10.0.0.5'))).toBeNull();
    expect(refusal(list, dest('api.internal', 8081, '10.0.0.5'))).toMatch(/10\.0\.0\.5 \(private\).*api\.internal:8081 in BATON_ALLOWED_HOSTS/);
    expect(refusal(list, dest('10.0.0.9', 443))).toBeNull();
    expect(refusal(list, dest('other.internal', 443, '10.0.0.9'))).toBeNull();
    expect(refusal(list, dest('10.0.0.9', 80))).not.toBeNull();
    expect(refusal(list, dest('127.0.0.1', 8123))).toBeNull(); // the bare entry: any port …
  });

  it('never opens Baton’s own ports on a local address, even when listed bare or with the port', () => {
    const list = parseAllowList('127.0.0.1,127.0.0.1:3000,[::1]:54329,localhost', env);
    for (const d of [dest('127.0.0.1', 3000), dest('127.0.0.1', 54329), dest('127.0.0.1', 5432), dest('::1', 54329), dest('localhost', 3000, '127.0.0.1'), dest('0.0.0.0', 3000), dest('127.0.0.2', 5432)]) {
      expect(refusal(list, d), `${d.hostname}:${d.port}`).toMatch(/Baton's own endpoints/);
    }
  });

  it('protects a database named by a private address or a name, on its port only', () => {
    const byIp = parseAllowList('10.0.0.7', { ...env, DATABASE_URL: 'postgres://u@10.0.0.7:6543/db' });
    expect(refusal(byIp, dest('10.0.0.7', 6543))).toMatch(/own endpoints/);
    expect(refusal(byIp, dest('10.0.0.7', 8080))).toBeNull();
    const byName = parseAllowList('10.0.0.7,db.internal', { ...env, DATABASE_URL: 'postgres://u@db.internal:5432/db' });
    expect(refusal(byName, dest('db.internal', 5432, '10.0.0.7'))).toMatch(/own endpoints/);
    expect(refusal(byName, dest('10.0.0.7', 5432))).toMatch(/own endpoints/);
    expect(refusal(byName, dest('db.internal', 8080, '10.0.0.7'))).toBeNull();
  });
});
