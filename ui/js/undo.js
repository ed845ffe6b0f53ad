// The most recent deletion in the 预算 section, so Ctrl+Z and the notice's 撤销 can put it back.
let last = null;
let beforeUndo = null;

/** run() restores what was deleted and resolves with a fresh budget overview. */
export function rememberUndo(run) {
  last = run;
}

/** Drops `run` if it is still the last undo: it was done another way. */
export function forgetUndo(run) {
  if (last === run) last = null;
}

/** fn runs before every undo (the frame clears its notices: they spoke of what is undone). */
export function beforeEachUndo(fn) {
  beforeUndo = fn;
}

/** Undoes the last deletion once; resolves with the new overview, or null if there is none. */
export async function undoLast() {
  if (!last) return null;
  const run = last;
  last = null;
  beforeUndo?.();
  return run();
}
