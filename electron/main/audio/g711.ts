/**
 * G.711 expansion (ITU-T G.711) to linear 16-bit values, as 256-entry tables so decoding a telephone
 * recording is one lookup per sample.
 */
function muLawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

function aLawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  // In A-law a set sign bit means a positive sample (the opposite of mu-law).
  return a & 0x80 ? magnitude : -magnitude;
}

function table(expand: (b: number) => number): Float32Array {
  const t = new Float32Array(256);
  for (let b = 0; b < 256; b++) t[b] = expand(b) / 32768;
  return t;
}

export const MU_LAW_TABLE = table(muLawToLinear);
export const A_LAW_TABLE = table(aLawToLinear);
