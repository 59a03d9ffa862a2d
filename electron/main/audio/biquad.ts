/**
 * Second-order IIR sections (RBJ audio-EQ cookbook), the cheapest way to split telephone speech into bands
 * sample by sample without buffering: five multiplies per sample, state carried across decode chunks.
 */
export interface BiquadCoefficients {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

type Kind = 'lowpass' | 'highpass' | 'bandpass';

export function designBiquad(kind: Kind, sampleRate: number, freq: number, q = Math.SQRT1_2): BiquadCoefficients {
  const w0 = (2 * Math.PI * Math.min(freq, sampleRate * 0.49)) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  let b0: number;
  let b1: number;
  let b2: number;
  if (kind === 'lowpass') {
    b0 = (1 - cos) / 2;
    b1 = 1 - cos;
    b2 = b0;
  } else if (kind === 'highpass') {
    b0 = (1 + cos) / 2;
    b1 = -(1 + cos);
    b2 = b0;
  } else {
    // Constant 0 dB peak gain.
    b0 = alpha;
    b1 = 0;
    b2 = -alpha;
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** A band-pass between two edge frequencies: centre at their geometric mean, Q from the width. */
export function designBand(sampleRate: number, low: number, high: number): BiquadCoefficients {
  const centre = Math.sqrt(low * high);
  return designBiquad('bandpass', sampleRate, centre, centre / (high - low));
}

/** One filter with its state (transposed direct form II, which behaves well in float). */
export class Biquad {
  private z1 = 0;
  private z2 = 0;
  constructor(private readonly c: BiquadCoefficients) {}

  step(x: number): number {
    const c = this.c;
    const y = c.b0 * x + this.z1;
    this.z1 = c.b1 * x - c.a1 * y + this.z2;
    this.z2 = c.b2 * x - c.a2 * y;
    return y;
  }
}
