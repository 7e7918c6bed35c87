/**
 * `RUN_DIR/train-log.jsonl`: one JSON object per line — step lines (`type: "step"`) and
 * validation lines (`type: "val"`), plus `start`/`resume`/`stop` events.
 *
 * This file is the one output that is appended to instead of written atomically: rewriting a
 * growing log every step would cost O(steps²). Each line goes out in one `appendFileSync`
 * call, so a crash can at worst cut the last line; checkpoints record the byte length of the
 * log, and a resume truncates it there (dropping lines of steps that are redone), which also
 * removes any cut line.
 */
import { appendFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';

/** A step line. */
export interface StepEntry {
  type: 'step';
  step: number;
  /** Mean over the batch's shapes of the per-shape mean cross-entropy (nats). */
  loss: number;
  /** Share of the batch's queries classified correctly. */
  accuracy: number;
  lr: number;
  /** Shapes trained per second over the last logged interval. */
  shapesPerSec: number;
  /** Training wall time so far (s). */
  elapsed: number;
  epoch: number;
}

/** A validation line. */
export interface ValEntry {
  type: 'val';
  step: number;
  iou: number;
  loss: number;
  accuracy: number;
  shapes: number;
  points: number;
  /** Wall time of the validation pass (s). */
  seconds: number;
  elapsed: number;
  /** Whether this result became the new best/. */
  best: boolean;
}

/** Run events. */
export interface EventEntry {
  type: 'start' | 'resume' | 'stop';
  step: number;
  time: string;
  [k: string]: unknown;
}

export type LogEntry = StepEntry | ValEntry | EventEntry;

export class TrainLog {
  readonly path: string;
  /** Current byte length of the file. */
  bytes: number;

  /**
   * Opens (creating) the log. With `truncateTo`, the file is cut to that many bytes first
   * (resume); without it, an existing file is emptied (a fresh run).
   */
  constructor(path: string, truncateTo?: number) {
    this.path = path;
    if (truncateTo === undefined || !existsSync(path)) {
      writeFileSync(path, '');
      this.bytes = 0;
    } else {
      const size = statSync(path).size;
      if (size > truncateTo) truncateSync(path, truncateTo);
      this.bytes = Math.min(size, truncateTo);
    }
  }

  /** Appends one entry as one line. */
  append(entry: LogEntry): void {
    const line = JSON.stringify(entry) + '\n';
    appendFileSync(this.path, line);
    this.bytes += Buffer.byteLength(line);
  }

  /** Parses the entries of a log file (complete lines only; a cut last line is skipped). */
  static read(path: string): LogEntry[] {
    if (!existsSync(path)) return [];
    const out: LogEntry[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as LogEntry);
      } catch {
        /* a line cut by a crash */
      }
    }
    return out;
  }
}
