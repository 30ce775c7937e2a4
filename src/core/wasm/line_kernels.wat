;; Line kernels: the byte loops that run once per line of a big file, in WebAssembly (SIMD).
;; - `newlines` finds every newline byte (0x0a) in a range of this module's memory, 32 bytes per
;;   step, and writes their addresses as i32 values to an output area.
;; - `header` reads the header of a `codex/event` line (request id, thread id, event type)
;;   exactly as `EventHeaderReader` does in JavaScript, numbers event type names, and checks
;;   that the line is one complete JSON value.
;; - `complete` is that check alone, exactly as `isCompleteJson` does it in JavaScript.
;; Built into line_kernels_wasm.ts by scripts/build_wasm.ts (wabt's wat2wasm).
;;
;; The first page is the module's own: found newlines at [0, 32768), header constants at 32768,
;; header results at 33024, the type-name table at 33280 (count), 33792 (128 buckets) and 34304
;; (64 entries of 64 bytes), the container stack of `complete` at 40960 (24576 levels); line data
;; starts at 65536.
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
    (local.get $count))
  ;; Constants of the event header, at fixed addresses in the first page (after the found area).
  (data (i32.const 32768) "{\"jsonrpc\":\"2.0\",\"method\":\"codex/event\",\"params\":{\"_meta\":{\"requestId\":")
  (data (i32.const 32896) ",\"threadId\":\"")
  (data (i32.const 32928) ",\"id\":\"")
  (data (i32.const 32960) "\"msg\":{\"type\":\"")

  ;; Index of the closing quote of a JSON string whose text starts at $from, or -1 when an
  ;; escape comes first or [from, end) has no quote.
  (func $string_end (param $from i32) (param $end i32) (result i32)
    (local $at i32) (local $quotes i32) (local $stops i32) (local $chunk v128)
    (local.set $at (local.get $from))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done
          (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (local.get $end)))
        (local.set $chunk (v128.load (local.get $at)))
        (local.set $quotes
          (i8x16.bitmask (i8x16.eq (local.get $chunk) (i8x16.splat (i32.const 34)))))
        (local.set $stops
          (i32.or (local.get $quotes)
            (i8x16.bitmask (i8x16.eq (local.get $chunk) (i8x16.splat (i32.const 92))))))
        (if (local.get $stops)
          (then
            (local.set $stops (i32.ctz (local.get $stops)))
            (if (i32.and (i32.shr_u (local.get $quotes) (local.get $stops)) (i32.const 1))
              (then (return (i32.add (local.get $at) (local.get $stops)))))
            (return (i32.const -1))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $vectors)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $at) (local.get $end)))
        (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 34))
          (then (return (local.get $at))))
        (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 92))
          (then (return (i32.const -1))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $tail)))
    (i32.const -1))

  ;; Reads the header of the codex/event line [start, end); returns 1 and writes its parts at
  ;; 33024 (f64 numeric id; i32 id start, id end, thread start, thread end, name start, name end,
  ;; msg start), or returns 0 when the line is not in the exact shape.
  (func (export "header") (param $start i32) (param $end i32) (result i32)
    (local $at i32) (local $close i32) (local $first i32) (local $negative i32)
    (local $digits i32) (local $byte i32) (local $value f64)
    (local $thread_start i32) (local $thread_end i32) (local $name_end i32)
    (if (i32.lt_s (i32.sub (local.get $end) (local.get $start)) (i32.const 91))
      (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (i32.sub (local.get $end) (i32.const 1))) (i32.const 125))
      (then (return (i32.const 0))))
    (if (i32.eqz
          (i32.and
            (i32.and
              (i8x16.all_true (i8x16.eq (v128.load (local.get $start)) (v128.load (i32.const 32768))))
              (i8x16.all_true
                (i8x16.eq (v128.load offset=16 (local.get $start)) (v128.load (i32.const 32784)))))
            (i32.and
              (i32.and
                (i8x16.all_true
                  (i8x16.eq (v128.load offset=32 (local.get $start)) (v128.load (i32.const 32800))))
                (i8x16.all_true
                  (i8x16.eq (v128.load offset=48 (local.get $start)) (v128.load (i32.const 32816)))))
              (i64.eq (i64.load offset=63 (local.get $start)) (i64.load (i32.const 32831))))))
      (then (return (i32.const 0))))
    (local.set $at (i32.add (local.get $start) (i32.const 71)))
    (local.set $first (i32.load8_u (local.get $at)))
    (if (i32.eq (local.get $first) (i32.const 34))
      (then
        (local.set $close
          (call $string_end (i32.add (local.get $at) (i32.const 1)) (local.get $end)))
        (if (i32.lt_s (local.get $close) (i32.const 0)) (then (return (i32.const 0))))
        (i32.store (i32.const 33032) (i32.add (local.get $at) (i32.const 1)))
        (i32.store (i32.const 33036) (local.get $close))
        (local.set $at (i32.add (local.get $close) (i32.const 1))))
      (else
        (local.set $negative (i32.eq (local.get $first) (i32.const 45)))
        (local.set $at (i32.add (local.get $at) (local.get $negative)))
        (local.set $digits (local.get $at))
        (block $digits_done
          (loop $digit
            (br_if $digits_done (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $byte (i32.sub (i32.load8_u (local.get $at)) (i32.const 48)))
            (br_if $digits_done (i32.gt_u (local.get $byte) (i32.const 9)))
            (local.set $value
              (f64.add (f64.mul (local.get $value) (f64.const 10))
                (f64.convert_i32_u (local.get $byte))))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (br $digit)))
        (local.set $first (local.get $digits))
        (local.set $digits (i32.sub (local.get $at) (local.get $digits)))
        (if (i32.or (i32.eqz (local.get $digits)) (i32.gt_u (local.get $digits) (i32.const 15)))
          (then (return (i32.const 0))))
        (if (i32.and (i32.gt_u (local.get $digits) (i32.const 1))
              (i32.eq (i32.load8_u (local.get $first)) (i32.const 48)))
          (then (return (i32.const 0))))
        (f64.store (i32.const 33024)
          (select (f64.neg (local.get $value)) (local.get $value) (local.get $negative)))
        (i32.store (i32.const 33032) (i32.const -1))))
    (local.set $thread_start (i32.const -1))
    (local.set $thread_end (i32.const -1))
    (if (i32.and
          (i32.le_u (i32.add (local.get $at) (i32.const 13)) (local.get $end))
          (i32.and
            (i64.eq (i64.load (local.get $at)) (i64.load (i32.const 32896)))
            (i64.eq (i64.load offset=5 (local.get $at)) (i64.load (i32.const 32901)))))
      (then
        (local.set $close
          (call $string_end (i32.add (local.get $at) (i32.const 13)) (local.get $end)))
        (if (i32.lt_s (local.get $close) (i32.const 0)) (then (return (i32.const 0))))
        (local.set $thread_start (i32.add (local.get $at) (i32.const 13)))
        (local.set $thread_end (local.get $close))
        (local.set $at (i32.add (local.get $close) (i32.const 1)))))
    (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 125)) (then (return (i32.const 0))))
    (local.set $at (i32.add (local.get $at) (i32.const 1)))
    (if (i32.and
          (i32.le_u (i32.add (local.get $at) (i32.const 7)) (local.get $end))
          (i32.and
            (i32.eq (i32.load (local.get $at)) (i32.load (i32.const 32928)))
            (i32.eq (i32.load offset=3 (local.get $at)) (i32.load (i32.const 32931)))))
      (then
        (local.set $close
          (call $string_end (i32.add (local.get $at) (i32.const 7)) (local.get $end)))
        (if (i32.lt_s (local.get $close) (i32.const 0)) (then (return (i32.const 0))))
        (if (i32.ge_u (i32.add (local.get $close) (i32.const 1)) (local.get $end))
          (then (return (i32.const 0))))
        (if (i32.ne (i32.load8_u offset=1 (local.get $close)) (i32.const 44))
          (then (return (i32.const 0))))
        (local.set $at (i32.add (local.get $close) (i32.const 2))))
      (else
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
        (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 44)) (then (return (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))))
    (if (i32.eqz
          (i32.and
            (i32.le_u (i32.add (local.get $at) (i32.const 15)) (local.get $end))
            (i32.and
              (i64.eq (i64.load (local.get $at)) (i64.load (i32.const 32960)))
              (i64.eq (i64.load offset=7 (local.get $at)) (i64.load (i32.const 32967))))))
      (then (return (i32.const 0))))
    (local.set $name_end
      (call $string_end (i32.add (local.get $at) (i32.const 15)) (local.get $end)))
    (if (i32.le_s (local.get $name_end) (i32.add (local.get $at) (i32.const 15)))
      (then (return (i32.const 0))))
    (if (i32.ge_u (i32.add (local.get $name_end) (i32.const 1)) (local.get $end))
      (then (return (i32.const 0))))
    (local.set $byte (i32.load8_u offset=1 (local.get $name_end)))
    (if (i32.and (i32.ne (local.get $byte) (i32.const 44)) (i32.ne (local.get $byte) (i32.const 125)))
      (then (return (i32.const 0))))
    (i32.store (i32.const 33040) (local.get $thread_start))
    (i32.store (i32.const 33044) (local.get $thread_end))
    (i32.store (i32.const 33048) (i32.add (local.get $at) (i32.const 15)))
    (i32.store (i32.const 33052) (local.get $name_end))
    (i32.store (i32.const 33056) (i32.add (local.get $at) (i32.const 6)))
    (i32.store (i32.const 33060)
      (call $intern (i32.add (local.get $at) (i32.const 15)) (local.get $name_end)))
    (i32.store (i32.const 33064) (call $complete_after_header (local.get $start) (local.get $name_end)
      (local.get $end)))
    (i32.const 1))

  ;; `complete` for a line whose header `header` just read, up to the type name's closing
  ;; quote at $name_end: the header is valid JSON when its strings (checked for quotes and
  ;; backslashes already) hold no control character, and three objects are open after it.
  (func $complete_after_header (param $start i32) (param $name_end i32) (param $end i32)
    (result i32)
    (local $at i32)
    (local.set $at (local.get $start))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done
          (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (local.get $name_end)))
        (if (i8x16.bitmask (i8x16.lt_u (v128.load (local.get $at)) (i8x16.splat (i32.const 0x20))))
          (then (return (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $vectors)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $at) (local.get $name_end)))
        (if (i32.lt_u (i32.load8_u (local.get $at)) (i32.const 0x20)) (then (return (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $tail)))
    (i32.store16 (i32.const 40960) (i32.const 0x7b7b))
    (i32.store8 (i32.const 40962) (i32.const 0x7b))
    (call $values (i32.add (local.get $name_end) (i32.const 1)) (local.get $end) (i32.const 3)
      (i32.const 1)))

  ;; Whether [start, end) holds exactly one JSON value (blanks around it allowed, and a leading
  ;; byte order mark, which decoding drops) as `JSON.parse` of its UTF-8 decoding would say: 1
  ;; yes, 0 no, 2 unknown (nested deeper than the stack at 40960 holds; the caller then checks
  ;; in JavaScript). Reads no byte outside [start, end).
  (func $complete (export "complete") (param $start i32) (param $end i32) (result i32)
    (local $at i32)
    (local.set $at (local.get $start))
    (if (i32.le_u (i32.add (local.get $at) (i32.const 3)) (local.get $end))
      (then
        (if (i32.and
              (i32.eq (i32.load16_u (local.get $at)) (i32.const 0xbbef))
              (i32.eq (i32.load8_u offset=2 (local.get $at)) (i32.const 0xbf)))
          (then (local.set $at (i32.add (local.get $at) (i32.const 3)))))))
    (call $values (call $skip_space (local.get $at) (local.get $end)) (local.get $end)
      (i32.const 0) (i32.const 0)))

  ;; `complete` from $at on, with $depth containers open (their openers on the stack at 40960):
  ;; at a value, or just after one when $after is 1.
  (func $values (param $at i32) (param $end i32) (param $depth i32) (param $after i32)
    (result i32)
    (local $byte i32) (local $open i32)
    ;; Each turn reads a value where one is expected, then what may follow it. Blanks are rare
    ;; in lines: each skip is called only when the next byte may be one.
    (loop $value
      (block $value_done
        (br_if $value_done (local.get $after))
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
        (local.set $byte (i32.load8_u (local.get $at)))
        (if (i32.eq (local.get $byte) (i32.const 0x22))
          (then
            (local.set $at (call $json_string_end (local.get $at) (local.get $end)))
            (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const 0))))
            (br $value_done)))
        ;; `{` is 0x7b and `[` 0x5b; each one's closer is two codes further.
        (if (i32.eq (i32.or (local.get $byte) (i32.const 0x20)) (i32.const 0x7b))
          (then
            (if (i32.ge_u (local.get $depth) (i32.const 24576)) (then (return (i32.const 2))))
            (i32.store8 offset=40960 (local.get $depth) (local.get $byte))
            (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (if (i32.lt_u (local.get $at) (local.get $end))
              (then
                (if (i32.le_u (i32.load8_u (local.get $at)) (i32.const 0x20))
                  (then (local.set $at (call $skip_space (local.get $at) (local.get $end)))))))
            (if (i32.lt_u (local.get $at) (local.get $end))
              (then
                (if (i32.eq (i32.load8_u (local.get $at))
                      (i32.add (local.get $byte) (i32.const 2)))
                  (then
                    (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                    (local.set $at (i32.add (local.get $at) (i32.const 1)))
                    (br $value_done)))))
            (if (i32.eq (local.get $byte) (i32.const 0x7b))
              (then
                (local.set $at (call $member_key (local.get $at) (local.get $end)))
                (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const 0))))))
            (br $value)))
        (local.set $at (call $scalar_end (local.get $at) (local.get $end)))
        (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const 0)))))
      (local.set $after (i32.const 0))
      ;; After a value: close containers, or go on to the next member or element.
      (loop $after_value
      (if (i32.lt_u (local.get $at) (local.get $end))
        (then
          (if (i32.le_u (i32.load8_u (local.get $at)) (i32.const 0x20))
            (then (local.set $at (call $skip_space (local.get $at) (local.get $end)))))))
        (if (i32.eqz (local.get $depth))
          (then (return (i32.eq (local.get $at) (local.get $end)))))
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 0))))
        (local.set $byte (i32.load8_u (local.get $at)))
        (local.set $open (i32.load8_u offset=40959 (local.get $depth)))
        (if (i32.eq (local.get $byte) (i32.const 0x2c))
          (then
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (if (i32.lt_u (local.get $at) (local.get $end))
              (then
                (if (i32.le_u (i32.load8_u (local.get $at)) (i32.const 0x20))
                  (then (local.set $at (call $skip_space (local.get $at) (local.get $end)))))))
            (if (i32.eq (local.get $open) (i32.const 0x7b))
              (then
                (local.set $at (call $member_key (local.get $at) (local.get $end)))
                (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const 0))))))
            (br $value)))
        (if (i32.ne (local.get $byte) (i32.add (local.get $open) (i32.const 2)))
          (then (return (i32.const 0))))
        (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $after_value)))
    (unreachable))

  ;; The index of the first byte in [at, end) that is no JSON blank, or end.
  (func $skip_space (param $at i32) (param $end i32) (result i32)
    (local $byte i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $byte (i32.load8_u (local.get $at)))
        (br_if $done
          (i32.eqz
            (i32.or
              (i32.or (i32.eq (local.get $byte) (i32.const 0x20))
                (i32.eq (local.get $byte) (i32.const 0x09)))
              (i32.or (i32.eq (local.get $byte) (i32.const 0x0a))
                (i32.eq (local.get $byte) (i32.const 0x0d))))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))
    (local.get $at))

  ;; Reads `"key":` at $at and the blanks after it; the index of the value, or -1.
  (func $member_key (param $at i32) (param $end i32) (result i32)
    (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x22)) (then (return (i32.const -1))))
    (local.set $at (call $json_string_end (local.get $at) (local.get $end)))
    (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
    (if (i32.lt_u (local.get $at) (local.get $end))
      (then
        (if (i32.le_u (i32.load8_u (local.get $at)) (i32.const 0x20))
          (then (local.set $at (call $skip_space (local.get $at) (local.get $end)))))))
    (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x3a)) (then (return (i32.const -1))))
    (local.set $at (i32.add (local.get $at) (i32.const 1)))
    (if (i32.lt_u (local.get $at) (local.get $end))
      (then
        (if (i32.le_u (i32.load8_u (local.get $at)) (i32.const 0x20))
          (then (local.set $at (call $skip_space (local.get $at) (local.get $end)))))))
    (local.get $at))

  ;; The index just after the string, number or literal at $at (< end), or -1 when none is valid.
  (func $scalar_end (param $at i32) (param $end i32) (result i32)
    (local $byte i32)
    (local.set $byte (i32.load8_u (local.get $at)))
    (if (i32.eq (local.get $byte) (i32.const 0x22))
      (then (return (call $json_string_end (local.get $at) (local.get $end)))))
    (if (i32.or (i32.eq (local.get $byte) (i32.const 0x2d))
          (i32.lt_u (i32.sub (local.get $byte) (i32.const 0x30)) (i32.const 10)))
      (then (return (call $number_end (local.get $at) (local.get $end)))))
    (if (i32.le_u (i32.add (local.get $at) (i32.const 4)) (local.get $end))
      (then
        ;; "true" and "null" as little-endian words.
        (if (i32.or (i32.eq (i32.load (local.get $at)) (i32.const 0x65757274))
              (i32.eq (i32.load (local.get $at)) (i32.const 0x6c6c756e)))
          (then (return (i32.add (local.get $at) (i32.const 4)))))))
    (if (i32.le_u (i32.add (local.get $at) (i32.const 5)) (local.get $end))
      (then
        ;; "fals", then "e".
        (if (i32.and (i32.eq (i32.load (local.get $at)) (i32.const 0x736c6166))
              (i32.eq (i32.load8_u offset=4 (local.get $at)) (i32.const 0x65)))
          (then (return (i32.add (local.get $at) (i32.const 5)))))))
    (i32.const -1))

  ;; The index just after the number at $at, or -1 when it is not valid JSON. One loop per
  ;; digit run, no calls: token counts and times are numbers, many per line.
  (func $number_end (param $at i32) (param $end i32) (result i32)
    (local $byte i32) (local $digits i32)
    (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x2d))
      (then (local.set $at (i32.add (local.get $at) (i32.const 1)))))
    (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const -1))))
    (local.set $byte (i32.load8_u (local.get $at)))
    (if (i32.ge_u (i32.sub (local.get $byte) (i32.const 0x30)) (i32.const 10))
      (then (return (i32.const -1))))
    (local.set $at (i32.add (local.get $at) (i32.const 1)))
    ;; A leading zero stands alone; other digits run on.
    (if (i32.ne (local.get $byte) (i32.const 0x30))
      (then
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
            (br_if $done
              (i32.ge_u (i32.sub (i32.load8_u (local.get $at)) (i32.const 0x30)) (i32.const 10)))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (br $next)))))
    (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (local.get $at))))
    (local.set $byte (i32.load8_u (local.get $at)))
    (if (i32.eq (local.get $byte) (i32.const 0x2e))
      (then
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (local.set $digits (local.get $at))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
            (br_if $done
              (i32.ge_u (i32.sub (i32.load8_u (local.get $at)) (i32.const 0x30)) (i32.const 10)))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (br $next)))
        (if (i32.eq (local.get $at) (local.get $digits)) (then (return (i32.const -1))))
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (local.get $at))))
        (local.set $byte (i32.load8_u (local.get $at)))))
    (if (i32.ne (i32.or (local.get $byte) (i32.const 0x20)) (i32.const 0x65))
      (then (return (local.get $at))))
    (local.set $at (i32.add (local.get $at) (i32.const 1)))
    (if (i32.lt_u (local.get $at) (local.get $end))
      (then
        (local.set $byte (i32.load8_u (local.get $at)))
        (if (i32.or (i32.eq (local.get $byte) (i32.const 0x2b))
              (i32.eq (local.get $byte) (i32.const 0x2d)))
          (then (local.set $at (i32.add (local.get $at) (i32.const 1)))))))
    (local.set $digits (local.get $at))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (br_if $done
          (i32.ge_u (i32.sub (i32.load8_u (local.get $at)) (i32.const 0x30)) (i32.const 10)))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))
    (if (i32.eq (local.get $at) (local.get $digits)) (then (return (i32.const -1))))
    (local.get $at))

  ;; The index just after the JSON string whose opening quote is at $at, or -1 when it is not
  ;; valid: unescaped control characters, bad escapes, or no closing quote before end. Plain
  ;; text is skipped 16 bytes per step.
  (func $json_string_end (param $at i32) (param $end i32) (result i32)
    (local $chunk v128) (local $stops i32) (local $byte i32)
    (local.set $at (i32.add (local.get $at) (i32.const 1)))
    (loop $next
      (if (i32.le_u (i32.add (local.get $at) (i32.const 16)) (local.get $end))
        (then
          (local.set $chunk (v128.load (local.get $at)))
          (local.set $stops
            (i8x16.bitmask
              (v128.or
                (v128.or
                  (i8x16.eq (local.get $chunk) (i8x16.splat (i32.const 0x22)))
                  (i8x16.eq (local.get $chunk) (i8x16.splat (i32.const 0x5c))))
                (i8x16.lt_u (local.get $chunk) (i8x16.splat (i32.const 0x20))))))
          (if (i32.eqz (local.get $stops))
            (then
              (local.set $at (i32.add (local.get $at) (i32.const 16)))
              (br $next)))
          (local.set $at (i32.add (local.get $at) (i32.ctz (local.get $stops))))))
      (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const -1))))
      (local.set $byte (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $byte) (i32.const 0x22))
        (then (return (i32.add (local.get $at) (i32.const 1)))))
      (if (i32.lt_u (local.get $byte) (i32.const 0x20)) (then (return (i32.const -1))))
      (if (i32.eq (local.get $byte) (i32.const 0x5c))
        (then
          (if (i32.ge_u (i32.add (local.get $at) (i32.const 1)) (local.get $end))
            (then (return (i32.const -1))))
          (local.set $byte (i32.load8_u offset=1 (local.get $at)))
          (if (i32.eq (local.get $byte) (i32.const 0x75))
            (then
              (if (i32.gt_u (i32.add (local.get $at) (i32.const 6)) (local.get $end))
                (then (return (i32.const -1))))
              (if (i32.eqz
                    (i32.and
                      (i32.and (call $is_hex (i32.load8_u offset=2 (local.get $at)))
                        (call $is_hex (i32.load8_u offset=3 (local.get $at))))
                      (i32.and (call $is_hex (i32.load8_u offset=4 (local.get $at)))
                        (call $is_hex (i32.load8_u offset=5 (local.get $at))))))
                (then (return (i32.const -1))))
              (local.set $at (i32.add (local.get $at) (i32.const 6)))
              (br $next)))
          ;; The simple escapes: " \ / b f n r t.
          (if (i32.eqz
                (i32.or
                  (i32.or
                    (i32.or (i32.eq (local.get $byte) (i32.const 0x22))
                      (i32.eq (local.get $byte) (i32.const 0x5c)))
                    (i32.or (i32.eq (local.get $byte) (i32.const 0x2f))
                      (i32.eq (local.get $byte) (i32.const 0x62))))
                  (i32.or
                    (i32.or (i32.eq (local.get $byte) (i32.const 0x66))
                      (i32.eq (local.get $byte) (i32.const 0x6e)))
                    (i32.or (i32.eq (local.get $byte) (i32.const 0x72))
                      (i32.eq (local.get $byte) (i32.const 0x74))))))
            (then (return (i32.const -1))))
          (local.set $at (i32.add (local.get $at) (i32.const 2)))
          (br $next)))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $next))
    (unreachable))

  ;; 1 when $byte is a hexadecimal digit.
  (func $is_hex (param $byte i32) (result i32)
    (i32.or
      (i32.lt_u (i32.sub (local.get $byte) (i32.const 0x30)) (i32.const 10))
      (i32.lt_u (i32.sub (i32.or (local.get $byte) (i32.const 0x20)) (i32.const 0x61))
        (i32.const 6))))

  ;; The number of the type name [start, end) (not empty) in this module's table, added when
  ;; new; -1 when the name is longer than 56 bytes or the table is full (the caller then names
  ;; the type itself).
  (func $intern (param $start i32) (param $end i32) (result i32)
    (local $length i32) (local $slot i32) (local $index i32) (local $entry i32)
    (local $probes i32) (local $count i32)
    (local.set $length (i32.sub (local.get $end) (local.get $start)))
    (if (i32.gt_u (local.get $length) (i32.const 56)) (then (return (i32.const -1))))
    (local.set $slot
      (i32.and
        (i32.add
          (i32.add (i32.mul (local.get $length) (i32.const 31))
            (i32.mul (i32.load8_u (local.get $start)) (i32.const 7)))
          (i32.load8_u (i32.sub (local.get $end) (i32.const 1))))
        (i32.const 127)))
    (loop $probe
      (local.set $index
        (i32.load (i32.add (i32.const 33792) (i32.shl (local.get $slot) (i32.const 2)))))
      (if (i32.eqz (local.get $index))
        (then
          (local.set $count (i32.load (i32.const 33280)))
          (if (i32.ge_u (local.get $count) (i32.const 64)) (then (return (i32.const -1))))
          (local.set $entry (i32.add (i32.const 34304) (i32.shl (local.get $count) (i32.const 6))))
          (i32.store (local.get $entry) (local.get $length))
          (call $copy (i32.add (local.get $entry) (i32.const 8)) (local.get $start)
            (local.get $length))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))
          (i32.store (i32.add (i32.const 33792) (i32.shl (local.get $slot) (i32.const 2)))
            (local.get $count))
          (i32.store (i32.const 33280) (local.get $count))
          (return (i32.sub (local.get $count) (i32.const 1)))))
      (local.set $entry
        (i32.add (i32.const 34304)
          (i32.shl (i32.sub (local.get $index) (i32.const 1)) (i32.const 6))))
      (if (i32.eq (i32.load (local.get $entry)) (local.get $length))
        (then
          (if (call $equal (i32.add (local.get $entry) (i32.const 8)) (local.get $start)
                (local.get $length))
            (then (return (i32.sub (local.get $index) (i32.const 1)))))))
      (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 127)))
      (local.set $probes (i32.add (local.get $probes) (i32.const 1)))
      (br_if $probe (i32.lt_u (local.get $probes) (i32.const 128))))
    (i32.const -1))

  ;; 1 when the $length bytes at $a and $b are equal: 8 at a time, then one by one (never
  ;; reading past either range, which may end at the end of memory).
  (func $equal (param $a i32) (param $b i32) (param $length i32) (result i32)
    (local $i i32)
    (block $words_done
      (loop $words
        (br_if $words_done
          (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $length)))
        (if (i64.ne (i64.load (i32.add (local.get $a) (local.get $i)))
              (i64.load (i32.add (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $words)))
    (block $bytes_done
      (loop $bytes
        (br_if $bytes_done (i32.ge_u (local.get $i) (local.get $length)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
              (i32.load8_u (i32.add (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes)))
    (i32.const 1))

  ;; Copies $length bytes from $from to $to (ranges apart).
  (func $copy (param $to i32) (param $from i32) (param $length i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $length)))
        (i32.store8 (i32.add (local.get $to) (local.get $i))
          (i32.load8_u (i32.add (local.get $from) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))))

