import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskAddresses } from '../../shared/redact';
import { logger } from '../../shared/log';
import { leaksIn } from '../support/log-leaks';

describe('masking addresses in logs', () => {
  it('masks every address, as sent, in any case, percent-encoded or in another script', () => {
    expect(maskAddresses('sam@example.org')).toBe('[address]');
    expect(maskAddresses('GET /workshops/SAM%40EXAMPLE.ORG/register')).toBe('GET /workshops/[address]/register');
    expect(maskAddresses('email=sam%2Btag%40example.org&consent=on')).toBe('[address]&consent=on');
    expect(maskAddresses('to josé@exämple.org, and')).toBe('to [address], and');
    expect(maskAddresses('q=a@b.example&topic=c@d.example&cursor=e@f.example')).toBe('[address][address][address]');
    // What JSON.parse says of a body it cannot read quotes the body.
    expect(maskAddresses(`Unexpected token 's', "sam@exampl"... is not valid JSON`)).toBe(`Unexpected token 's', "[address]"... is not valid JSON`);
  });

  it('leaves what is not shaped like an address: ids, a lone @, an empty side', () => {
    for (const text of ['workshop 5ca0571b-e3a5-4a5b-8639-322554d41b45 published', 'a @ b', 'sam@', '@example.org', '100%', '']) {
      expect(maskAddresses(text)).toBe(text);
    }
  });

  it('takes linear time on long input', () => {
    const started = Date.now();
    for (const text of ['a'.repeat(200_000), `${'a'.repeat(200_000)}@`, 'a@'.repeat(100_000), `${'a'.repeat(50)}@`.repeat(5_000)]) maskAddresses(text);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('the logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints no address, in a message, a field or an error’s message and stack', () => {
    const printed: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        printed.push(String(chunk));
        return true;
      });
    }
    logger.error('Unexpected failure for Sam.Q7@Example.org', { to: 'sam.q7%40example.org', nested: { list: ['x', 'sam.q7@example.org'] }, error: new Error('no row for sam.q7@example.org') });
    const output = printed.join('');
    expect(output).toContain('"message":"Unexpected failure for [address]"');
    expect(output).toContain('no row for [address]');
    expect(leaksIn(output, ['sam.q7@example.org'])).toEqual([]);
  });
});
