import { afterEach, describe, expect, it } from 'vitest';
import { clearedSessionCookie, sessionCookie } from '../../../shared/console/http';

afterEach(() => {
  delete process.env.HEARTH_BASE_URL;
});

describe('the console session cookie', () => {
  it('is HttpOnly, SameSite=Lax, 12 hours, and Secure when served over HTTPS', () => {
    process.env.HEARTH_BASE_URL = 'https://hearth.example.org';
    const cookie = sessionCookie('A'.repeat(43));
    expect(cookie).toMatch(/^hearth_session=A{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Max-Age=43200');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
  });

  it('is not marked Secure over plain HTTP (local mode), where browsers would drop it', () => {
    process.env.HEARTH_BASE_URL = 'http://localhost:3000';
    expect(sessionCookie('A'.repeat(43))).not.toContain('Secure');
  });

  it('is cleared at sign-out', () => {
    process.env.HEARTH_BASE_URL = 'https://hearth.example.org';
    expect(clearedSessionCookie()).toMatch(/^hearth_session=; .*Max-Age=0.*Secure/);
  });
});
