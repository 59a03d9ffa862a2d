;; The speech-band filters of a channel at the analysis rate (band-features.ts), with WebAssembly SIMD: a
;; 200 Hz high-pass, and on its output four band-passes, two to a vector. Each filter is a biquad in direct
;; form I whose last output's feedback is added last, computed in the same order as plain JavaScript would,
;; so the results are the same to the last bit. In JavaScript this was bound by the arithmetic of five filters;
;; here four of them share two vector chains, which the processor overlaps with the high-pass's.
;; Built into speech-bands-wasm.ts by scripts/build-kernels.mjs.
;;
;; Memory (bytes):
;;   0   high-pass coefficients b0 b1 b2 a1 a2 (f64)
;;   48  bands 0 and 1: b0 b2 a1 a2 (f64x2 each, lane = band)   112  bands 2 and 3: the same
;;   176 high-pass state: last two inputs x1 x2, last two outputs y1 y2 (f64; its outputs are the bands' inputs)
;;   208 bands 0/1 last two outputs (f64x2 ×2)                  240  bands 2/3: the same
;;   288 energies: speech band (f64), bands 0/1 (f64x2), bands 2/3 (f64x2)
;;   512 input: the analysis-rate samples (f64), then from OUT_AT the high-passed signal (f32)
;; run(from, n, outAt): samples [from, from + n): state and energies updated, signal written.
(module
  (import "env" "memory" (memory 1))
  (func (export "run") (param $from i32) (param $n i32) (param $outAt i32)
    (local $at i32) (local $end i32) (local $out i32)
    (local $hb0 f64) (local $hb1 f64) (local $hb2 f64) (local $ha1 f64) (local $ha2 f64)
    (local $x f64) (local $x1 f64) (local $x2 f64) (local $y1 f64) (local $y2 f64) (local $s f64) (local $es f64)
    (local $ab0 v128) (local $ab2 v128) (local $aa1 v128) (local $aa2 v128)
    (local $bb0 v128) (local $bb2 v128) (local $ba1 v128) (local $ba2 v128)
    (local $sv v128) (local $s2v v128)
    (local $ya v128) (local $ya1 v128) (local $ya2 v128) (local $yb v128) (local $yb1 v128) (local $yb2 v128)
    (local $ea v128) (local $eb v128)
    (local.set $hb0 (f64.load offset=0 (i32.const 0)))
    (local.set $hb1 (f64.load offset=8 (i32.const 0)))
    (local.set $hb2 (f64.load offset=16 (i32.const 0)))
    (local.set $ha1 (f64.load offset=24 (i32.const 0)))
    (local.set $ha2 (f64.load offset=32 (i32.const 0)))
    (local.set $ab0 (v128.load offset=48 (i32.const 0)))
    (local.set $ab2 (v128.load offset=64 (i32.const 0)))
    (local.set $aa1 (v128.load offset=80 (i32.const 0)))
    (local.set $aa2 (v128.load offset=96 (i32.const 0)))
    (local.set $bb0 (v128.load offset=112 (i32.const 0)))
    (local.set $bb2 (v128.load offset=128 (i32.const 0)))
    (local.set $ba1 (v128.load offset=144 (i32.const 0)))
    (local.set $ba2 (v128.load offset=160 (i32.const 0)))
    (local.set $x1 (f64.load offset=176 (i32.const 0)))
    (local.set $x2 (f64.load offset=184 (i32.const 0)))
    (local.set $y1 (f64.load offset=192 (i32.const 0)))
    (local.set $y2 (f64.load offset=200 (i32.const 0)))
    (local.set $ya1 (v128.load offset=208 (i32.const 0)))
    (local.set $ya2 (v128.load offset=224 (i32.const 0)))
    (local.set $yb1 (v128.load offset=240 (i32.const 0)))
    (local.set $yb2 (v128.load offset=256 (i32.const 0)))
    (local.set $es (f64.load offset=288 (i32.const 0)))
    (local.set $ea (v128.load offset=304 (i32.const 0)))
    (local.set $eb (v128.load offset=320 (i32.const 0)))
    (local.set $at (i32.add (i32.const 512) (i32.shl (local.get $from) (i32.const 3))))
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $out (i32.add (local.get $outAt) (i32.shl (local.get $from) (i32.const 2))))
    (block $done
      (loop $samples
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (f64.load (local.get $at)))
        ;; High-pass: ((((b0·x + b1·x1) + b2·x2) − a2·y2) − a1·y1)
        (local.set $s
          (f64.sub
            (f64.sub
              (f64.add (f64.add (f64.mul (local.get $hb0) (local.get $x)) (f64.mul (local.get $hb1) (local.get $x1)))
                       (f64.mul (local.get $hb2) (local.get $x2)))
              (f64.mul (local.get $ha2) (local.get $y2)))
            (f64.mul (local.get $ha1) (local.get $y1))))
        ;; Band-passes on its output (b1 = 0): (((b0·s + b2·s2) − a2·y2) − a1·y1), s2 the high-pass's output two back
        (local.set $sv (f64x2.splat (local.get $s)))
        (local.set $s2v (f64x2.splat (local.get $y2)))
        (local.set $ya
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.mul (local.get $ab0) (local.get $sv)) (f64x2.mul (local.get $ab2) (local.get $s2v)))
              (f64x2.mul (local.get $aa2) (local.get $ya2)))
            (f64x2.mul (local.get $aa1) (local.get $ya1))))
        (local.set $yb
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.mul (local.get $bb0) (local.get $sv)) (f64x2.mul (local.get $bb2) (local.get $s2v)))
              (f64x2.mul (local.get $ba2) (local.get $yb2)))
            (f64x2.mul (local.get $ba1) (local.get $yb1))))
        (local.set $x2 (local.get $x1))
        (local.set $x1 (local.get $x))
        (local.set $y2 (local.get $y1))
        (local.set $y1 (local.get $s))
        (local.set $ya2 (local.get $ya1))
        (local.set $ya1 (local.get $ya))
        (local.set $yb2 (local.get $yb1))
        (local.set $yb1 (local.get $yb))
        (f32.store (local.get $out) (f32.demote_f64 (local.get $s)))
        (local.set $es (f64.add (local.get $es) (f64.mul (local.get $s) (local.get $s))))
        (local.set $ea (f64x2.add (local.get $ea) (f64x2.mul (local.get $ya) (local.get $ya))))
        (local.set $eb (f64x2.add (local.get $eb) (f64x2.mul (local.get $yb) (local.get $yb))))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $samples)))
    (f64.store offset=176 (i32.const 0) (local.get $x1))
    (f64.store offset=184 (i32.const 0) (local.get $x2))
    (f64.store offset=192 (i32.const 0) (local.get $y1))
    (f64.store offset=200 (i32.const 0) (local.get $y2))
    (v128.store offset=208 (i32.const 0) (local.get $ya1))
    (v128.store offset=224 (i32.const 0) (local.get $ya2))
    (v128.store offset=240 (i32.const 0) (local.get $yb1))
    (v128.store offset=256 (i32.const 0) (local.get $yb2))
    (f64.store offset=288 (i32.const 0) (local.get $es))
    (v128.store offset=304 (i32.const 0) (local.get $ea))
    (v128.store offset=320 (i32.const 0) (local.get $eb)))
)
