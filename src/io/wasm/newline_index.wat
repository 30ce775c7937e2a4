;; Newline index: finds every newline byte (0x0a) in a range of this module's memory, 32 bytes
;; per step with SIMD compares, and writes their addresses as i32 values to an output area.
;; Built into newline_index_wasm.ts by scripts/build_wasm.ts (wabt's wat2wasm).
(module
  (memory (export "memory") 1)

  ;; Writes the address of each newline in [from, end) to out, out + 4, ..., stopping after max
  ;; of them; returns how many it wrote. A caller that got max resumes after the last one.
  (func (export "newlines")
    (param $from i32) (param $end i32) (param $out i32) (param $max i32) (result i32)
    (local $at i32) (local $count i32) (local $mask i32) (local $newline v128)
    (local.set $newline (i8x16.splat (i32.const 10)))
    (local.set $at (local.get $from))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done
          (i32.gt_u (i32.add (local.get $at) (i32.const 32)) (local.get $end)))
        (local.set $mask
          (i32.or
            (i8x16.bitmask (i8x16.eq (v128.load (local.get $at)) (local.get $newline)))
            (i32.shl
              (i8x16.bitmask
                (i8x16.eq (v128.load offset=16 (local.get $at)) (local.get $newline)))
              (i32.const 16))))
        (block $bits_done
          (loop $bits
            (br_if $bits_done (i32.eqz (local.get $mask)))
            (if (i32.ge_u (local.get $count) (local.get $max))
              (then (return (local.get $count))))
            (i32.store
              (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2)))
              (i32.add (local.get $at) (i32.ctz (local.get $mask))))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $mask
              (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
            (br $bits)))
        (local.set $at (i32.add (local.get $at) (i32.const 32)))
        (br $vectors)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $at) (local.get $end)))
        (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 10))
          (then
            (if (i32.ge_u (local.get $count) (local.get $max))
              (then (return (local.get $count))))
            (i32.store
              (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2)))
              (local.get $at))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $tail)))
    (local.get $count)))
