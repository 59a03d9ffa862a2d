;; In-place iterative radix-2 complex FFT with WebAssembly SIMD, one complex number to a vector (re, im):
;; the transform under the echo analysis's cross-correlation (fft.ts), its costliest step.
;; Built into complex-fft-wasm.ts by scripts/build-kernels.mjs.
;;
;; Memory (bytes), for a transform of n points:
;;   0        the data: n complex numbers, (re, im) as two f64
;;   16·n     twiddles e^(−2πik/n), k < n/2, 32 bytes each: (wr, wr) then (−wi, wi), so a butterfly's product
;;            w·b is b·(wr, wr) + swap(b)·(−wi, wi): (br·wr − bi·wi, bi·wr + br·wi), as plain arithmetic
;;            would compute it
;;   32·n     the bit-reversal permutation, n × i32
;; fft(n, inverse): the transform of the data (inverse: conjugate twiddles, then scaled by 1/n).
(module
  (import "env" "memory" (memory 1))
  (func (export "fft") (param $n i32) (param $inverse i32)
    (local $i i32) (local $j i32) (local $ai i32) (local $bi i32) (local $tw i32) (local $rev i32)
    (local $half i32) (local $span i32) (local $stride i32) (local $start i32) (local $k i32) (local $end i32)
    (local $a v128) (local $b v128) (local $t v128) (local $wr v128) (local $wi v128) (local $scale v128)
    (local.set $tw (i32.shl (local.get $n) (i32.const 4)))
    (local.set $rev (i32.shl (local.get $n) (i32.const 5)))
    ;; Bit-reversed order.
    (local.set $i (i32.const 0))
    (block $permuted
      (loop $permute
        (br_if $permuted (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.load (i32.add (local.get $rev) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.gt_u (local.get $j) (local.get $i))
          (then
            (local.set $ai (i32.shl (local.get $i) (i32.const 4)))
            (local.set $bi (i32.shl (local.get $j) (i32.const 4)))
            (local.set $a (v128.load (local.get $ai)))
            (v128.store (local.get $ai) (v128.load (local.get $bi)))
            (v128.store (local.get $bi) (local.get $a))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $permute)))
    ;; Stages: butterflies of half-width 1, 2, 4, … with twiddle k·(n / 2·half).
    (local.set $half (i32.const 1))
    (block $done
      (loop $stages
        (br_if $done (i32.ge_u (local.get $half) (local.get $n)))
        (local.set $span (i32.shl (local.get $half) (i32.const 1)))
        (local.set $stride (i32.div_u (local.get $n) (local.get $span)))
        (local.set $start (i32.const 0))
        (block $blocks_done
          (loop $blocks
            (br_if $blocks_done (i32.ge_u (local.get $start) (local.get $n)))
            (local.set $k (i32.const 0))
            (local.set $ai (i32.shl (local.get $start) (i32.const 4)))
            (local.set $bi (i32.shl (i32.add (local.get $start) (local.get $half)) (i32.const 4)))
            (local.set $j (local.get $tw))
            (block $bf_done
              (loop $butterflies
                (br_if $bf_done (i32.ge_u (local.get $k) (local.get $half)))
                (local.set $wr (v128.load (local.get $j)))
                (local.set $wi (v128.load offset=16 (local.get $j)))
                (if (local.get $inverse) (then (local.set $wi (f64x2.neg (local.get $wi)))))
                (local.set $a (v128.load (local.get $ai)))
                (local.set $b (v128.load (local.get $bi)))
                (local.set $t
                  (f64x2.add
                    (f64x2.mul (local.get $b) (local.get $wr))
                    (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b)) (local.get $wi))))
                (v128.store (local.get $ai) (f64x2.add (local.get $a) (local.get $t)))
                (v128.store (local.get $bi) (f64x2.sub (local.get $a) (local.get $t)))
                (local.set $ai (i32.add (local.get $ai) (i32.const 16)))
                (local.set $bi (i32.add (local.get $bi) (i32.const 16)))
                (local.set $j (i32.add (local.get $j) (i32.shl (local.get $stride) (i32.const 5))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $butterflies)))
            (local.set $start (i32.add (local.get $start) (local.get $span)))
            (br $blocks)))
        (local.set $half (local.get $span))
        (br $stages)))
    ;; The inverse's 1/n (a power of two: multiplying is dividing, exactly).
    (if (local.get $inverse)
      (then
        (local.set $scale (f64x2.splat (f64.div (f64.const 1) (f64.convert_i32_u (local.get $n)))))
        (local.set $i (i32.const 0))
        (local.set $end (i32.shl (local.get $n) (i32.const 4)))
        (block $scaled
          (loop $scaling
            (br_if $scaled (i32.ge_u (local.get $i) (local.get $end)))
            (v128.store (local.get $i) (f64x2.mul (v128.load (local.get $i)) (local.get $scale)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $scaling))))))
)
