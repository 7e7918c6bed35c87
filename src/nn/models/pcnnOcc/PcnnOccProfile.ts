/**
 * Observing a pcnn-occ training forward without writing the instrumentation into it: the forward
 * calls a `ForwardHooks` object (when given) around its stages and after its blocks, and
 * `profileHooks` turns a `PcnnOccProfile` (bench, tests) into such an object.
 */
import type { Tensor } from '../../engine/Tensor.ts';
import type { Tape } from '../../engine/Tape.ts';

/**
 * Optional timing hooks (bench): forward milliseconds per named stage and, through markers
 * recorded on the tape, backward milliseconds per stage.
 */
export class PcnnOccProfile {
  readonly forwardMs = new Map<string, number>();
  readonly backwardMs = new Map<string, number>();
  /** When true, `forward` records the RMS of every block's data flow and side output. */
  recordActivations = false;
  /** RMS per `blockK.data` / `blockK.side` (after the ReLU; set when `recordActivations`). */
  readonly activationRms = new Map<string, number>();
  /** The activation tensors themselves (same keys; `blockK.side` before its ReLU, which the classifier applies; valid while the arena block lives). */
  readonly tensors = new Map<string, Tensor>();
  add(map: Map<string, number>, name: string, ms: number): void { map.set(name, (map.get(name) ?? 0) + ms); }
}

/** What a training forward reports while it runs (all optional except `stage`). */
export interface ForwardHooks {
  /** Runs `fn` as the named stage (`block1`…`block7`, `pool`, `upsample`, `local`, `classifier`) and returns its result. */
  stage<T>(name: string, fn: () => T): T;
  /** Block k's data flow (null when it has none) and side output (before its ReLU), after its stage. */
  block?(k: number, data: Tensor | null, side: Tensor): void;
  /** The classifier's last hidden layer (after its ReLU) and the logits, after the classifier's stage. */
  classifier?(hidden: Tensor, logits: Tensor): void;
}

/**
 * Hooks that fill `profile`: forward time per stage, and — when `tape` records — backward time
 * per stage through two markers on the tape: one recorded before the stage (it runs after the
 * stage's backward, so it reads the stop time) and one after it (it runs before the stage's
 * backward and sets the start time). Times in milliseconds, summed over calls of the same name.
 */
export function profileHooks(tape: Tape, profile: PcnnOccProfile): ForwardHooks {
  return {
    stage<T>(name: string, fn: () => T): T {
      const back = { t: 0 };
      if (tape.recording) tape.record(() => { profile.add(profile.backwardMs, name, performance.now() - back.t); });
      const t = performance.now();
      const out = fn();
      profile.add(profile.forwardMs, name, performance.now() - t);
      if (tape.recording) tape.record(() => { back.t = performance.now(); });
      return out;
    },
    block(k, data, side) {
      if (!profile.recordActivations) return;
      if (data) profile.activationRms.set(`block${k + 1}.data`, rms(data.data));
      profile.activationRms.set(`block${k + 1}.side`, rms(side.data.map((v) => Math.max(0, v))));
      profile.tensors.set(`block${k + 1}.side`, side);
      if (data) profile.tensors.set(`block${k + 1}.data`, data);
    },
    classifier(hidden, logits) {
      if (!profile.recordActivations) return;
      profile.activationRms.set('fc1', rms(hidden.data));
      profile.activationRms.set('logits', rms(logits.data));
    },
  };
}

/** Root mean square of `a` (0 for an empty array). */
function rms(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s / Math.max(1, a.length));
}
