/**
 * An f32 as serde_json writes it (the `ryu` crate): the shortest decimal that reads back as the
 * same f32, in ryu's layout — `74.44227`, `1.0`, `0.0`, `1e-7`, `1.5e20`. Clients parse Iggy's
 * JSON with json-bigint-style parsers that choke on the long f64 expansion of an f32.
 */
export function formatF32(input: number): string {
  if (!Number.isFinite(input)) return 'null';
  const value = Math.fround(input);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  // Shortest precision whose correctly rounded decimal maps back to the same f32.
  let text = magnitude.toPrecision(9);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = magnitude.toPrecision(precision);
    if (Math.fround(Number(candidate)) === magnitude) {
      text = candidate;
      break;
    }
  }
  // Split into digits and a decimal exponent: value = 0.DIGITS × 10^kk (kk as in ryu).
  const [mantissaText, exponentText] = text.split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [whole, fraction = ''] = mantissaText!.split('.');
  let digits = (whole! + fraction).replace(/^0+/, '');
  const leadingZeros = (whole! + fraction).length - (whole! + fraction).replace(/^0+/, '').length;
  digits = digits.replace(/0+$/, '');
  const kk = whole!.length - leadingZeros + exponent;
  const length = digits.length;
  let out: string;
  if (length <= kk && kk <= 13) out = `${digits}${'0'.repeat(kk - length)}.0`;
  else if (0 < kk && kk <= 13) out = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  else if (-6 < kk && kk <= 0) out = `0.${'0'.repeat(-kk)}${digits}`;
  else if (length === 1) out = `${digits}e${kk - 1}`;
  else out = `${digits[0]}.${digits.slice(1)}e${kk - 1}`;
  return sign + out;
}
