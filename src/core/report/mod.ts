/**
 * Report values: the digest, JSON objects and token figures.
 *
 * @module
 */

export * from "./digest.ts";
export * from "./json_objects.ts";
