;; Resampling of two channels at once down to the analysis rate (decimator.ts), with WebAssembly SIMD: each
;; channel in one lane of every vector. Block means of `pre` input samples, the anti-alias low-pass (one
;; biquad section run twice, direct form I, the last output's feedback added last), then the mean of the
;; low-passed samples since the last output, as a phase accumulator says. Each lane computes exactly what
;; the same steps in plain float64 arithmetic would for its channel. In JavaScript each channel's low-pass
;; waited on its own previous output; here the two channels share those waits, which halves them.
;; Built into decimator-wasm.ts by scripts/build-kernels.mjs.
;;
;; Memory (bytes; every vector is [channel A, channel B]):
;;   0   low-pass coefficients b0 b1 b2 a1 a2 (f64x2 each, the same in both lanes)
;;   80  state: last two block means x1 x2, first section's last two outputs u1 u2, second's w1 w2,
;;       sum of the current output's low-passed samples acc, sum of the current block's inputs preAcc
;;   208 i32: inputs in the current block (preN), low-passed samples in the current output (accN), phase
;; run(frames, inA, inB, outA, outB, pre, sr, step, scale, restCheck) → outputs written:
;;   float32 inputs at inA/inB, float64 outputs to outA/outB. sr and step: the low-pass's rate and the output
;;   rate, so an output is due each time the phase (advanced by step per block mean) reaches sr.
;;   restCheck: where a block mean of exact zero starts an output while a lane's last inputs are exact zeros
;;   and its filter state has decayed below 1e-60, that lane's state is set to exactly zero (left alone,
;;   digital silence keeps a filter cycling through denormal numbers, each of which costs ~100 cycles).
(module
  (import "env" "memory" (memory 1))
  (func (export "run")
    (param $frames i32) (param $inA i32) (param $inB i32) (param $outA i32) (param $outB i32)
    (param $pre i32) (param $sr i32) (param $step i32) (param $scale f64) (param $restCheck i32)
    (result i32)
    (local $i i32) (local $j i32) (local $m i32) (local $pA i32) (local $pB i32) (local $sa f64) (local $sb f64) (local $preN i32) (local $accN i32) (local $phase i32)
    (local $x1 v128) (local $x2 v128) (local $u1 v128) (local $u2 v128) (local $w1 v128) (local $w2 v128)
    (local $acc v128) (local $preAcc v128) (local $v v128) (local $u v128) (local $w v128)
    (local $scales v128) (local $rest v128) (local $q v128)
    (local.set $x1 (v128.load offset=80 (i32.const 0)))
    (local.set $x2 (v128.load offset=96 (i32.const 0)))
    (local.set $u1 (v128.load offset=112 (i32.const 0)))
    (local.set $u2 (v128.load offset=128 (i32.const 0)))
    (local.set $w1 (v128.load offset=144 (i32.const 0)))
    (local.set $w2 (v128.load offset=160 (i32.const 0)))
    (local.set $acc (v128.load offset=176 (i32.const 0)))
    (local.set $preAcc (v128.load offset=192 (i32.const 0)))
    (local.set $preN (i32.load offset=208 (i32.const 0)))
    (local.set $accN (i32.load offset=212 (i32.const 0)))
    (local.set $phase (i32.load offset=216 (i32.const 0)))
    (local.set $scales (f64x2.splat (local.get $scale)))
    (block $done
      (loop $means
        ;; The next block mean into $v, or out of the loop when the inputs end inside a block.
        (if (i32.gt_s (local.get $preN) (i32.const 0))
          (then
            ;; A block begun in the last chunk: its sum so far, plus this chunk's first samples.
            (block $short
              (loop $carry
                (br_if $short (i32.ge_s (local.get $preN) (local.get $pre)))
                (br_if $done (i32.ge_u (local.get $i) (local.get $frames)))
                (local.set $preAcc (f64x2.add (local.get $preAcc) (call $pair (local.get $inA) (local.get $inB) (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (local.set $preN (i32.add (local.get $preN) (i32.const 1)))
                (br $carry)))
            (local.set $v (f64x2.mul (local.get $preAcc) (local.get $scales)))
            (local.set $preAcc (v128.const f64x2 0 0))
            (local.set $preN (i32.const 0)))
          (else
            (br_if $done (i32.gt_u (i32.add (local.get $i) (local.get $pre)) (local.get $frames)))
            ;; A whole block: ((x0 + x1) + x2)… per channel, then scaled to the mean.
            (local.set $pA (i32.add (local.get $inA) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $pB (i32.add (local.get $inB) (i32.shl (local.get $i) (i32.const 2))))
            (if (i32.eq (local.get $pre) (i32.const 3))
              (then
                (local.set $sa (f64.add (f64.add (f64.promote_f32 (f32.load (local.get $pA))) (f64.promote_f32 (f32.load offset=4 (local.get $pA))))
                                        (f64.promote_f32 (f32.load offset=8 (local.get $pA)))))
                (local.set $sb (f64.add (f64.add (f64.promote_f32 (f32.load (local.get $pB))) (f64.promote_f32 (f32.load offset=4 (local.get $pB))))
                                        (f64.promote_f32 (f32.load offset=8 (local.get $pB))))))
              (else
                (local.set $sa (f64.promote_f32 (f32.load (local.get $pA))))
                (local.set $sb (f64.promote_f32 (f32.load (local.get $pB))))
                (local.set $j (i32.const 1))
                (block $summed
                  (loop $sum
                    (br_if $summed (i32.ge_u (local.get $j) (local.get $pre)))
                    (local.set $pA (i32.add (local.get $pA) (i32.const 4)))
                    (local.set $pB (i32.add (local.get $pB) (i32.const 4)))
                    (local.set $sa (f64.add (local.get $sa) (f64.promote_f32 (f32.load (local.get $pA)))))
                    (local.set $sb (f64.add (local.get $sb) (f64.promote_f32 (f32.load (local.get $pB)))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $sum)))))
            (local.set $v (f64x2.mul (f64x2.replace_lane 1 (f64x2.splat (local.get $sa)) (local.get $sb)) (local.get $scales)))
            (local.set $i (i32.add (local.get $i) (local.get $pre)))))
        ;; At the start of an output, a lane in digital silence with its filter at rest restarts from zero.
        (if (i32.and (local.get $restCheck) (i32.eqz (local.get $accN)))
          (then
            (local.set $rest
              (v128.and
                (v128.and
                  (v128.and (f64x2.eq (local.get $v) (v128.const f64x2 0 0)) (f64x2.eq (local.get $x1) (v128.const f64x2 0 0)))
                  (v128.and (f64x2.eq (local.get $x2) (v128.const f64x2 0 0)) (f64x2.lt (f64x2.abs (local.get $u1)) (v128.const f64x2 1e-60 1e-60))))
                (v128.and
                  (v128.and (f64x2.lt (f64x2.abs (local.get $u2)) (v128.const f64x2 1e-60 1e-60)) (f64x2.lt (f64x2.abs (local.get $w1)) (v128.const f64x2 1e-60 1e-60)))
                  (f64x2.lt (f64x2.abs (local.get $w2)) (v128.const f64x2 1e-60 1e-60)))))
            (local.set $u1 (v128.andnot (local.get $u1) (local.get $rest)))
            (local.set $u2 (v128.andnot (local.get $u2) (local.get $rest)))
            (local.set $w1 (v128.andnot (local.get $w1) (local.get $rest)))
            (local.set $w2 (v128.andnot (local.get $w2) (local.get $rest)))))
        ;; The low-pass, twice: ((((b0·v + b1·x1) + b2·x2) − a2·u2) − a1·u1), then the same on its output.
        (local.set $u
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (v128.load offset=0 (i32.const 0)) (local.get $v)) (f64x2.mul (v128.load offset=16 (i32.const 0)) (local.get $x1)))
                         (f64x2.mul (v128.load offset=32 (i32.const 0)) (local.get $x2)))
              (f64x2.mul (v128.load offset=64 (i32.const 0)) (local.get $u2)))
            (f64x2.mul (v128.load offset=48 (i32.const 0)) (local.get $u1))))
        (local.set $w
          (f64x2.sub
            (f64x2.sub
              (f64x2.add (f64x2.add (f64x2.mul (v128.load offset=0 (i32.const 0)) (local.get $u)) (f64x2.mul (v128.load offset=16 (i32.const 0)) (local.get $u1)))
                         (f64x2.mul (v128.load offset=32 (i32.const 0)) (local.get $u2)))
              (f64x2.mul (v128.load offset=64 (i32.const 0)) (local.get $w2)))
            (f64x2.mul (v128.load offset=48 (i32.const 0)) (local.get $w1))))
        (local.set $x2 (local.get $x1))
        (local.set $x1 (local.get $v))
        (local.set $u2 (local.get $u1))
        (local.set $u1 (local.get $u))
        (local.set $w2 (local.get $w1))
        (local.set $w1 (local.get $w))
        (local.set $acc (f64x2.add (local.get $acc) (local.get $w)))
        (local.set $accN (i32.add (local.get $accN) (i32.const 1)))
        (local.set $phase (i32.add (local.get $phase) (local.get $step)))
        ;; An output is due: the mean of the low-passed samples since the last one.
        (if (i32.ge_s (local.get $phase) (local.get $sr))
          (then
            (local.set $q (f64x2.div (local.get $acc) (f64x2.splat (f64.convert_i32_s (local.get $accN)))))
            (f64.store (i32.add (local.get $outA) (i32.shl (local.get $m) (i32.const 3))) (f64x2.extract_lane 0 (local.get $q)))
            (f64.store (i32.add (local.get $outB) (i32.shl (local.get $m) (i32.const 3))) (f64x2.extract_lane 1 (local.get $q)))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (local.set $phase (i32.sub (local.get $phase) (local.get $sr)))
            (local.set $acc (v128.const f64x2 0 0))
            (local.set $accN (i32.const 0))))
        (br $means)))
    ;; The inputs after the last whole block begin the next one: (0 + x0) + x1…, as the carry above continues it.
    (if (i32.eqz (local.get $preN))
      (then
        (block $tail
          (loop $rest
            (br_if $tail (i32.ge_u (local.get $i) (local.get $frames)))
            (local.set $preAcc (f64x2.add (local.get $preAcc) (call $pair (local.get $inA) (local.get $inB) (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $preN (i32.add (local.get $preN) (i32.const 1)))
            (br $rest)))))
    (v128.store offset=80 (i32.const 0) (local.get $x1))
    (v128.store offset=96 (i32.const 0) (local.get $x2))
    (v128.store offset=112 (i32.const 0) (local.get $u1))
    (v128.store offset=128 (i32.const 0) (local.get $u2))
    (v128.store offset=144 (i32.const 0) (local.get $w1))
    (v128.store offset=160 (i32.const 0) (local.get $w2))
    (v128.store offset=176 (i32.const 0) (local.get $acc))
    (v128.store offset=192 (i32.const 0) (local.get $preAcc))
    (i32.store offset=208 (i32.const 0) (local.get $preN))
    (i32.store offset=212 (i32.const 0) (local.get $accN))
    (i32.store offset=216 (i32.const 0) (local.get $phase))
    (local.get $m))

  ;; Sample i of both channels, as float64: [A[i], B[i]].
  (func $pair (param $inA i32) (param $inB i32) (param $i i32) (result v128)
    (f64x2.replace_lane 1
      (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $inA) (i32.shl (local.get $i) (i32.const 2))))))
      (f64.promote_f32 (f32.load (i32.add (local.get $inB) (i32.shl (local.get $i) (i32.const 2)))))))
)
