/**
 * The WebAssembly line kernels (newline and header scanning).
 *
 * @module
 */

export * from "./line_kernel.ts";
