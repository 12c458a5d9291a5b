// The number and text rules of the HTTP JSON: u64 without precision loss both ways, ByteSize as
// byte-unit writes it, f32 as ryu writes it, and a parser that refuses malformed or hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F32, IggyError, formatByteSize, formatF32, formatHttpIdentifier, httpIdentifierText, parseByteSize, parseHttpIdentifier, parseJson, stringifyJson } from '../../src/index.js';

test('u64 and u128 integers survive parse and stringify exactly', () => {
  const text = '{"a":18446744073709551615,"b":9007199254740993,"c":42,"d":340282366920938463463374607431768211455,"e":-3,"f":1.5}';
  const value = parseJson(text);
  assert.deepEqual(value, { a: 18446744073709551615n, b: 9007199254740993n, c: 42, d: (1n << 128n) - 1n, e: -3, f: 1.5 });
  assert.equal(stringifyJson(value), text);
});

test('parser refuses malformed JSON with code 4 and keeps __proto__ as data', () => {
  for (const bad of ['', '{', '{"a":}', '[1,]', '{"a":1} x', 'tru', '"abc', '01', '{"a" 1}', '['.repeat(100) + ']'.repeat(100)]) {
    assert.throws(() => parseJson(bad), (error: unknown) => IggyError.is(error, 4), bad);
  }
  const value = parseJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(value), ['__proto__']);
  assert.equal(parseJson(' "\\u00e9\\n" '), 'é\n');
});

test('ByteSize strings as byte-unit v5 writes them, and read back', () => {
  const cases: [bigint, string][] = [
    [0n, '0 B'],
    [1n, '1 B'],
    [999n, '999 B'],
    [1000n, '1 KB'],
    [1023n, '1.023 KB'],
    [1024n, '1 KiB'],
    [10240n, '10 KiB'],
    [3211776n, '3136.5 KiB'],
    [437500n, '437.5 KB'],
    [1048576n, '1 MiB'],
    [1500000000n, '1.5 GB'],
    [1234567n, '1234.567 KB'],
    [1234561n, '1234.561 KB'],
    [18446744073709551615n, '18446744073709551.615 KB'],
  ];
  for (const [bytes, text] of cases) {
    assert.equal(formatByteSize(bytes), text, `${bytes}`);
    assert.equal(parseByteSize(text), bytes, text);
  }
  assert.equal(parseByteSize(12), 12n);
  assert.throws(() => parseByteSize('12 parsecs'), (error: unknown) => IggyError.is(error, 4));
});

test('f32 as serde_json (ryu) writes it', () => {
  const cases: [number, string][] = [
    [74.44226837158203, '74.44227'],
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.1, '0.1'],
    [100, '100.0'],
    [1e-7, '1e-7'],
    [1.5e-7, '1.5e-7'],
    [0.000123, '0.000123'],
    [1e13, '1e13'],
    [1234567936, '1234568000.0'],
    [3.4028234663852886e38, '3.4028235e38'],
    [-2.5, '-2.5'],
  ];
  for (const [value, text] of cases) assert.equal(formatF32(value), text, `${value}`);
  assert.equal(stringifyJson({ x: new F32(Number.NaN) }), '{"x":null}');
});

test('path identifiers: a u32 is an id, otherwise a name (1..=255 bytes)', () => {
  assert.equal(parseHttpIdentifier('42'), 42);
  assert.equal(parseHttpIdentifier('4294967295'), 4294967295);
  assert.equal(parseHttpIdentifier('4294967296'), '4294967296');
  assert.equal(parseHttpIdentifier('orders'), 'orders');
  assert.throws(() => parseHttpIdentifier(''), (error: unknown) => IggyError.is(error, 6));
  assert.throws(() => parseHttpIdentifier('x'.repeat(256)), (error: unknown) => IggyError.is(error, 6));
});

test('SDK side: a name that would read as a numeric id is refused with 6, not sent as that id', () => {
  assert.equal(httpIdentifierText(42), '42');
  assert.equal(httpIdentifierText('orders'), 'orders');
  assert.equal(httpIdentifierText('4294967296'), '4294967296', 'beyond u32: still a name');
  assert.equal(formatHttpIdentifier('a/b c'), 'a%2Fb%20c');
  for (const name of ['42', '+7', '0']) assert.throws(() => formatHttpIdentifier(name), (error: unknown) => IggyError.is(error, 6), name);
  assert.throws(() => httpIdentifierText(''), (error: unknown) => IggyError.is(error, 6));
});
