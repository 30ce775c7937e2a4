/** Signal listeners that never throw where a platform lacks them. */

/** Listens for `signal`; where that is not supported, the signal ends the process as usual. */
export function addSignalListener(signal: Deno.Signal, handler: () => void): void {
  try {
    Deno.addSignalListener(signal, handler);
  } catch {
    // Not supported here (some platforms): the signal then ends the process without cleanup.
  }
}

/** Stops listening; nothing happens when the listener was never added. */
export function removeSignalListener(signal: Deno.Signal, handler: () => void): void {
  try {
    Deno.removeSignalListener(signal, handler);
  } catch {
    // Never added.
  }
}
