/**
 * The face of `src/watch` for the other folders.
 *
 * @module
 */

export * from "./watcher.ts";
