/**
 * The training loop of `pointocc train` (docs/design.md §3, §8): data-parallel replicas in worker
 * threads, Adam, periodic validation IoU with the best model kept in `RUN_DIR/best/`, atomic
 * checkpoints every few minutes and on SIGINT/SIGTERM, exact resume, a JSONL log, a progress bar
 * and `curves.png`.
 *
 * RUN_DIR layout: `config.json` (the resolved run config), `checkpoint/` (Checkpoint.ts),
 * `best/` (a loadable model directory + metrics.json), `train-log.jsonl`, `curves.png` (+ `curves.svg`).
 *
 * Reproducibility: the batches depend only on (seed, epoch, position) (TrainingSampler), the
 * validation set only on the seed, initialisation on the seed, and the gradient sum on the worker
 * count (rank order, fixed split) — so a run is bit-reproducible for a given seed and worker
 * count, and a resumed run continues exactly as if it had not stopped.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { atomicWriteFileSync } from '../io/atomicWrite.ts';
import { writeCurves } from '../render/charts.ts';
import { warmStartParams } from './warmStart.ts';
import { UsageError } from '../errors.ts';
import { TrainingSampler, type TrainingBatch, type TrainingSamplerState } from '../data/TrainingSampler.ts';
import { hasCheckpoint, readCheckpoint, writeCheckpoint, type BestValidation } from './Checkpoint.ts';
import { summarizeCounts, type ValidationSummary } from './OccupancyCounts.ts';
import { openTrainingDataset } from './openTrainingDataset.ts';
import { recoverDir, replaceDir, tempDirFor } from './replaceDir.ts';
import { splitBatch } from './splitBatch.ts';
import { TrainLog, type LogEntry, type StepEntry, type ValEntry } from './TrainLog.ts';
import { readRunConfig, type TrainRunConfig } from './TrainRunConfig.ts';
import { learningRateAt, validateTrainSettings } from './TrainSettings.ts';
import { importModelKit } from './TrainableModel.ts';
import { TrainWorkerGroup } from './TrainWorkerGroup.ts';
import { lockRunFolder } from './runLock.ts';
import { buildValidationSet } from './ValidationSet.ts';
import type { TrainOptions, TrainResult } from './TrainOptions.ts';

export type { ResumeOverrides, TrainOptions, TrainResult } from './TrainOptions.ts';

/**
 * Runs (or resumes) training. Returns after the last step or a clean stop, with a checkpoint
 * written either way.
 * @throws UsageError for a bad run folder or options; worker errors as they come.
 */
export async function train(o: TrainOptions): Promise<TrainResult> {
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  // One trainer per run folder (runLock.ts): a second one is refused, naming the holder.
  const release = lockRunFolder(out);
  try {
    return await trainLocked(o, out);
  } finally {
    release();
  }
}

async function trainLocked(o: TrainOptions, out: string): Promise<TrainResult> {
  const say = o.message ?? ((l: string) => process.stderr.write(l + '\n'));
  const ckptDir = join(out, 'checkpoint'),
    bestDir = join(out, 'best');
  const cfgPath = join(out, 'config.json'),
    logPath = join(out, 'train-log.jsonl'),
    curvesPath = join(out, 'curves.png');
  recoverDir(bestDir);

  // ---- configuration
  let run: TrainRunConfig;
  let ckpt: ReturnType<typeof readCheckpoint> | null = null;
  if (o.resume) {
    if (!existsSync(cfgPath) || !hasCheckpoint(ckptDir))
      throw new UsageError(`${out} has no checkpoint to resume (start a new run without --resume)`);
    run = readRunConfig(cfgPath);
    const ov = Object.fromEntries(Object.entries(o.overrides ?? {}).filter(([, v]) => v !== undefined));
    run.train = validateTrainSettings({ ...run.train, ...ov }, run.train.inputPoints, cfgPath);
    if (o.data) run.data = resolve(o.data);
    ckpt = readCheckpoint(ckptDir);
  } else {
    if (!o.config) throw new UsageError('train: a config is needed for a new run');
    if (hasCheckpoint(ckptDir))
      throw new UsageError(`${out} already holds a training run (checkpoint/): pass --resume to continue it, or choose another --out`);
    if (!o.kit) throw new UsageError("train: a model kit is needed for a new run (the method registry's trainKit())");
    // The config must be the kit's: its own check refuses another network's config.
    try {
      (await importModelKit(o.kit)).validate(o.config.model, 'train config');
    } catch (e) {
      if (e instanceof UsageError)
        throw new UsageError(`train: the model config's method does not match the kit ${o.kit.exportName} (${e.message})`);
      throw e;
    }
    // A registry kit is not stored (its ref is an absolute URL, stale once the repository
    // moves): the model's `method` names it again on resume (the registry's trainKitOfRun).
    const kit = o.kit.builtIn ? null : o.kit;
    run = {
      format: 'pointocc-train',
      version: 1,
      model: o.config.model,
      train: o.config.train,
      data: o.data ? resolve(o.data) : null,
      kit,
    };
    if (run.data && kit === null) {
      const m = run.model as { trainedOn?: string };
      if (m.trainedOn === undefined) run.model = { ...m, trainedOn: basename(run.data) };
    }
  }
  const s = run.train;
  let kitRef = o.kit;
  if (!kitRef) {
    if (!o.kitOf)
      throw new UsageError("train: pass the run's model kit (kit), or how to find it (kitOf: the method registry's trainKitOfRun)");
    kitRef = await o.kitOf(run, cfgPath);
  }
  let dataset = o.dataset;
  if (!dataset) {
    if (!run.data) throw new UsageError('train: --data is required');
    dataset = openTrainingDataset(run.data).dataset;
  }
  atomicWriteFileSync(cfgPath, JSON.stringify(run, null, 2) + '\n');

  const nTrain = dataset.shapes('train').length;
  const sampler = new TrainingSampler(dataset, {
    split: 'train',
    inputPoints: s.inputPoints,
    noiseStd: s.noise,
    rotate: s.rotate,
    queries: s.queries,
    batchSize: s.batch,
    seed: s.seed,
    // per-item input size, noise and scale (absent in old run configs: off)
    inputPointsRange: s.inputPointsRange ?? null,
    inputPointsDistribution: s.inputPointsDistribution,
    noiseRange: s.noiseRange ?? null,
    scaleRange: s.scaleRange ?? null,
    categoryRepeats: s.categoryRepeats ?? null,
    // Equal batches when the split allows it (the last, smaller batch of an epoch is skipped).
    dropLast: nTrain >= s.batch,
    warn: (m) => say(`warning: ${m}`),
  });
  let val = null;
  if (s.valShapes > 0) {
    if (dataset.shapes(s.valSplit).length === 0) say(`no shapes in split '${s.valSplit}': training without validation (no best/)`);
    else {
      val = await buildValidationSet(dataset, {
        split: s.valSplit,
        shapes: s.valShapes,
        points: s.valPoints,
        inputPoints: s.inputPoints,
        noise: s.noise,
        seed: s.seed,
        inputPointsRange: s.inputPointsRange ?? null,
        inputPointsDistribution: s.inputPointsDistribution,
        noiseRange: s.noiseRange ?? null,
      });
    }
  }

  const group = await TrainWorkerGroup.start({ kit: kitRef, config: run.model, seed: s.seed, workers: s.workers });
  let bar: SingleBar | null = null;
  let stopRequested: string | null = null;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stopRequested) {
      // A second signal: the user does not want to wait. Every file is written atomically and
      // the checkpoint folder is swapped whole, so the previous checkpoint stays valid.
      say(`\n${sig} again: exiting now, without a new checkpoint`);
      process.exit(130);
    }
    say(`\n${sig}: stopping after the current step, writing a checkpoint… (again to quit at once)`);
    stopRequested = sig;
  };
  if (o.signals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  try {
    if (val) await group.setValidation(val.shapes, 4096);

    // ---- state: fresh or from the checkpoint
    let step = 0,
      elapsedBase = 0;
    let best: BestValidation | null = null;
    let log: TrainLog;
    if (ckpt) {
      const names = ckpt.state.params.map((p) => p.name).join(',');
      const mine = (await group.state(0)).names.join(',');
      if (names !== mine)
        throw new UsageError(
          `the checkpoint's parameters (${names.slice(0, 80)}…) do not match the model config's (${mine.slice(0, 80)}…)`,
        );
      await group.loadState(ckpt.replica);
      sampler.setState(ckpt.state.sampler);
      step = ckpt.state.step;
      elapsedBase = ckpt.state.elapsedSeconds;
      best = ckpt.state.best;
      log = new TrainLog(logPath, ckpt.state.logBytes);
      if (ckpt.state.workers !== s.workers)
        say(
          `note: resuming with ${s.workers} workers, the run so far used ${ckpt.state.workers} (results differ from a run with one count in the last bits)`,
        );
    } else {
      log = new TrainLog(logPath);
      rmSync(bestDir, { recursive: true, force: true });
      if (o.init) {
        const state = await group.state(0);
        const { params, record } = warmStartParams(o.init, state);
        await group.loadState({ ...state, params });
        run.init = record;
        atomicWriteFileSync(cfgPath, JSON.stringify(run, null, 2) + '\n');
        say(`initial weights from ${o.init} (sha256 ${record.weightsSha256.slice(0, 12)}…)`);
      }
    }
    const entries: LogEntry[] = ckpt ? TrainLog.read(logPath) : [];
    const append = (e: LogEntry): void => {
      log.append(e);
      entries.push(e);
    };
    // A chart that cannot be drawn (e.g. no resvg binary for this platform) must not stop a
    // run: warn once, keep training; the log holds the same numbers.
    let curvesFailed = false;
    const drawCurves = async (): Promise<void> => {
      if (curvesFailed) return;
      try {
        await writeCurves(curvesPath, entries, { title: `pointocc train: ${basename(out)}` });
      } catch (e) {
        curvesFailed = true;
        process.stderr.write(`pointocc: warning: cannot draw ${curvesPath}: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    };
    append({ type: ckpt ? 'resume' : 'start', step, time: new Date().toISOString(), workers: s.workers, steps: s.steps, batch: s.batch });

    const t0 = performance.now();
    const elapsed = (): number => elapsedBase + (performance.now() - t0) / 1000;
    let lastVal: ValidationSummary | null = null;
    let lastValStep = -1;

    const validate = async (): Promise<void> => {
      if (!val) return;
      const tv = performance.now();
      const sum = summarizeCounts(await group.validate());
      const isBest = best === null || sum.iou > best.iou;
      const entry: ValEntry = {
        type: 'val',
        step,
        iou: sum.iou,
        loss: sum.loss,
        accuracy: sum.accuracy,
        shapes: sum.shapes,
        points: sum.points,
        seconds: (performance.now() - tv) / 1000,
        elapsed: elapsed(),
        best: isBest,
      };
      if (isBest) {
        const tmp = tempDirFor(bestDir);
        try {
          await group.saveModel(tmp);
          atomicWriteFileSync(
            join(tmp, 'metrics.json'),
            JSON.stringify(
              {
                step,
                iou: sum.iou,
                loss: sum.loss,
                accuracy: sum.accuracy,
                shapes: sum.shapes,
                pointsPerShape: s.valPoints,
                split: s.valSplit,
                elapsedSeconds: entry.elapsed,
                seed: s.seed,
                data: run.data,
              },
              null,
              2,
            ) + '\n',
          );
          replaceDir(tmp, bestDir);
        } catch (e) {
          recoverDir(bestDir);
          throw e;
        }
        best = { step, iou: sum.iou };
      }
      append(entry);
      lastVal = sum;
      lastValStep = step;
      o.onValidation?.(entry);
      if (!bar)
        say(
          `step ${step}: validation IoU ${sum.iou.toFixed(4)}, loss ${sum.loss.toFixed(4)}, accuracy ${sum.accuracy.toFixed(4)}${isBest ? ' (best so far)' : ''}`,
        );
      await drawCurves();
    };

    // The sampler position of the next batch to train on (the prefetched one, if any).
    let pendingState: TrainingSamplerState = sampler.state();
    let pending: Promise<TrainingBatch> | null = null;
    const prefetch = (): void => {
      pendingState = sampler.state();
      pending = sampler.nextBatch();
      pending.catch(() => {
        /* surfaced when awaited */
      });
    };
    const checkpoint = async (): Promise<void> => {
      const replica = await group.state(0);
      await writeCheckpoint(
        ckptDir,
        {
          step,
          sampler: pending ? pendingState : sampler.state(),
          elapsedSeconds: elapsed(),
          logBytes: log.bytes,
          best,
          workers: s.workers,
        },
        replica,
        (dir) => group.saveModel(dir),
      );
      await drawCurves();
    };

    if (o.progress) {
      bar = new SingleBar(
        {
          format: 'train {bar} {value}/{total} steps | loss {loss} | val IoU {iou} | {rate} shapes/s | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
          etaBuffer: 50,
          fps: 2,
        },
        Presets.shades_classic,
      );
      bar.start(s.steps, step, { loss: '-', iou: best ? best.iou.toFixed(3) : '-', rate: '-' });
    }

    // A warm start's curve begins at its starting weights: validated at step 0, they are also
    // the first "best", so best/ is never worse on validation than the model the run began from.
    if (!ckpt && run.init && s.valEvery > 0) await validate();

    let lastCkpt = performance.now();
    let interval = { t: performance.now(), shapes: 0 };
    let lossEma = NaN;
    if (step < s.steps) prefetch();
    while (step < s.steps && !stopRequested) {
      const batch = await pending!;
      if (step + 1 < s.steps) prefetch();
      else pending = null;
      const lr = learningRateAt(s, step);
      const stats = await group.step(splitBatch(batch, s.workers), 1 / batch.size, lr);
      step++;
      let lossSum = 0,
        correct = 0,
        queries = 0;
      for (const st of stats) {
        lossSum += st.lossSum;
        correct += st.correct;
        queries += st.queries;
      }
      const loss = lossSum / batch.size;
      lossEma = Number.isNaN(lossEma) ? loss : 0.95 * lossEma + 0.05 * loss;
      interval.shapes += batch.size;
      const entry: StepEntry = {
        type: 'step',
        step,
        loss,
        accuracy: correct / queries,
        lr,
        shapesPerSec: 0,
        elapsed: 0,
        epoch: batch.epoch,
      };
      if (step % s.logEvery === 0 || step === s.steps) {
        const now = performance.now();
        entry.shapesPerSec = interval.shapes / Math.max(1e-9, (now - interval.t) / 1000);
        entry.elapsed = elapsed();
        interval = { t: now, shapes: 0 };
        append(entry);
        bar?.update(step, { loss: lossEma.toFixed(4), rate: entry.shapesPerSec.toFixed(2) });
      }
      if (o.onStep?.(entry)) stopRequested ??= 'stop requested';
      if (s.valEvery > 0 && step % s.valEvery === 0 && !stopRequested) {
        await validate();
        bar?.update(step, { iou: lastVal ? (lastVal as ValidationSummary).iou.toFixed(3) : '-' });
      }
      if (!stopRequested && performance.now() - lastCkpt >= s.checkpointMinutes * 60_000) {
        await checkpoint();
        lastCkpt = performance.now();
      }
    }
    const done = step >= s.steps;
    if (done && lastValStep !== step) await validate();
    append({ type: 'stop', step, time: new Date().toISOString(), reason: done ? 'done' : String(stopRequested), elapsed: elapsed() });
    await checkpoint();
    bar?.update(step);
    bar?.stop();
    bar = null;
    if (stopRequested && !done) say(`stopped at step ${step}; checkpoint written to ${ckptDir} (continue with --resume)`);
    return { step, status: done ? 'done' : 'stopped', best, lastValidation: lastVal, elapsedSeconds: elapsed(), config: run };
  } finally {
    bar?.stop();
    if (o.signals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    await group.close();
  }
}
