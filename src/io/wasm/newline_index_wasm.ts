// Built from newline_index.wat by scripts/build_wasm.ts: do not edit.

/** The bytes of the `newline_index` WebAssembly module, in base64. */
export const newlineIndexBase64 =
  "AGFzbQEAAAABCQFgBH9/f38BfwMCAQAFAwEAAQcVAgZtZW1vcnkCAAhuZXdsaW5lcwAACsYBAcMBAgN/AXtBCv0PIQcgACEE" +
  "AkADQCAEQSBqIAFLDQEgBP0ABAAgB/0j/WQgBP0ABBAgB/0j/WRBEHRyIQYCQANAIAZFDQEgBSADTwRAIAUPCyACIAVBAnRq" +
  "IAQgBmhqNgIAIAVBAWohBSAGIAZBAWtxIQYMAAsLIARBIGohBAwACwsCQANAIAQgAU8NASAELQAAQQpGBEAgBSADTwRAIAUP" +
  "CyACIAVBAnRqIAQ2AgAgBUEBaiEFCyAEQQFqIQQMAAsLIAUL";
