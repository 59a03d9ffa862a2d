;; Statistics of a stretch of float32 samples, with WebAssembly SIMD: the first loop of the per-channel
;; analysis (channel-analyzer.ts), which touches every decoded sample, and in JavaScript cost ~1.5 ns each.
;; Built into sample-stats-wasm.ts by scripts/build-kernels.mjs.
;;
;; stats(at, n): the n samples from byte `at` →
;;   f64 at byte 0: the least sample, byte 8: the greatest (NaN samples are passed over),
;;   byte 16: their sum, byte 24: the sum of their squares (each square of the float32 value, in float64).
;; Sums are kept in eight interleaved lanes (sample i in lane i mod 8) so no addition waits on the one before;
;; the lanes are added up in a fixed order, so a stretch always gives the same bits.
(module
  (import "env" "memory" (memory 1))
  (func (export "stats") (param $at i32) (param $n i32)
    (local $end i32) (local $end8 i32)
    (local $v v128) (local $w v128) (local $lo v128) (local $hi v128)
    (local $mn v128) (local $mx v128)
    (local $sa v128) (local $sb v128) (local $sc v128) (local $sd v128)
    (local $ea v128) (local $eb v128) (local $ec v128) (local $ed v128)
    (local $x f32) (local $d f64) (local $fmin f32) (local $fmax f32) (local $sum f64) (local $sq f64)
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end8 (i32.add (local.get $at) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (local.set $mn (f32x4.splat (f32.const inf)))
    (local.set $mx (f32x4.splat (f32.const -inf)))
    ;; Eight samples a turn. pmin/pmax are one instruction each (min/max would order NaN and -0 in several).
    (block $done
      (loop $eights
        (br_if $done (i32.ge_u (local.get $at) (local.get $end8)))
        (local.set $v (v128.load (local.get $at)))
        (local.set $w (v128.load offset=16 (local.get $at)))
        (local.set $mn (f32x4.pmin (local.get $mn) (f32x4.pmin (local.get $v) (local.get $w))))
        (local.set $mx (f32x4.pmax (local.get $mx) (f32x4.pmax (local.get $v) (local.get $w))))
        (local.set $lo (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $hi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (local.set $sa (f64x2.add (local.get $sa) (local.get $lo)))
        (local.set $sb (f64x2.add (local.get $sb) (local.get $hi)))
        (local.set $ea (f64x2.add (local.get $ea) (f64x2.mul (local.get $lo) (local.get $lo))))
        (local.set $eb (f64x2.add (local.get $eb) (f64x2.mul (local.get $hi) (local.get $hi))))
        (local.set $lo (f64x2.promote_low_f32x4 (local.get $w)))
        (local.set $hi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))))
        (local.set $sc (f64x2.add (local.get $sc) (local.get $lo)))
        (local.set $sd (f64x2.add (local.get $sd) (local.get $hi)))
        (local.set $ec (f64x2.add (local.get $ec) (f64x2.mul (local.get $lo) (local.get $lo))))
        (local.set $ed (f64x2.add (local.get $ed) (f64x2.mul (local.get $hi) (local.get $hi))))
        (local.set $at (i32.add (local.get $at) (i32.const 32)))
        (br $eights)))
    (local.set $sa (f64x2.add (f64x2.add (local.get $sa) (local.get $sb)) (f64x2.add (local.get $sc) (local.get $sd))))
    (local.set $ea (f64x2.add (f64x2.add (local.get $ea) (local.get $eb)) (f64x2.add (local.get $ec) (local.get $ed))))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $sa)) (f64x2.extract_lane 1 (local.get $sa))))
    (local.set $sq (f64.add (f64x2.extract_lane 0 (local.get $ea)) (f64x2.extract_lane 1 (local.get $ea))))
    (local.set $fmin (f32.min (f32.min (f32x4.extract_lane 0 (local.get $mn)) (f32x4.extract_lane 1 (local.get $mn)))
                              (f32.min (f32x4.extract_lane 2 (local.get $mn)) (f32x4.extract_lane 3 (local.get $mn)))))
    (local.set $fmax (f32.max (f32.max (f32x4.extract_lane 0 (local.get $mx)) (f32x4.extract_lane 1 (local.get $mx)))
                              (f32.max (f32x4.extract_lane 2 (local.get $mx)) (f32x4.extract_lane 3 (local.get $mx)))))
    ;; The last seven at most, one at a time (the same comparisons as pmin/pmax: NaN passed over).
    (block $tail
      (loop $ones
        (br_if $tail (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (f32.load (local.get $at)))
        (local.set $d (f64.promote_f32 (local.get $x)))
        (local.set $sum (f64.add (local.get $sum) (local.get $d)))
        (local.set $sq (f64.add (local.get $sq) (f64.mul (local.get $d) (local.get $d))))
        (if (f32.lt (local.get $x) (local.get $fmin)) (then (local.set $fmin (local.get $x))))
        (if (f32.gt (local.get $x) (local.get $fmax)) (then (local.set $fmax (local.get $x))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $ones)))
    (f64.store offset=0 (i32.const 0) (f64.promote_f32 (local.get $fmin)))
    (f64.store offset=8 (i32.const 0) (f64.promote_f32 (local.get $fmax)))
    (f64.store offset=16 (i32.const 0) (local.get $sum))
    (f64.store offset=24 (i32.const 0) (local.get $sq)))
)
