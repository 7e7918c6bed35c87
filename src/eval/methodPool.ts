import { resolveMethod, type MethodContext, type MethodResolution } from './reconMethods.ts';

/**
 * Resolves methods once and keeps them open for an experiment (a model's worker threads start
 * once), then closes them all. A learned method may be resolved under another name with
 * its own model folder (per-density models, the held-out-class model).
 */
export class MethodPool {
  private readonly ctx: MethodContext;
  private readonly cache = new Map<string, Promise<MethodResolution>>();

  /** @param ctx default model folder, resolution, workers, extra methods. */
  constructor(ctx: MethodContext) {
    this.ctx = ctx;
  }

  /**
   * The method `name`; with `modelDir`, a model of that learned method from that folder reported as `as`.
   * @param name a registry method name (or its old alias), or an extra.
   * @param modelDir model folder overriding the context's (learned methods only).
   * @param as display name of that model (default `name`).
   */
  get(name: string, modelDir?: string, as?: string): Promise<MethodResolution> {
    const key = `${name}|${modelDir ?? ''}|${as ?? ''}`;
    let p = this.cache.get(key);
    if (!p) {
      const ctx = modelDir !== undefined ? { ...this.ctx, modelDir } : this.ctx;
      p = resolveMethod(name, ctx).then((r) => {
        if (!as || as === name) return r;
        return r.available
          ? { name: as, available: true, method: { ...r.method, name: as } }
          : { name: as, available: false, reason: r.reason };
      });
      this.cache.set(key, p);
    }
    return p;
  }

  /** Closes every method that was opened. */
  async closeAll(): Promise<void> {
    for (const p of this.cache.values()) {
      const r = await p;
      if (r.available && r.method.close) await r.method.close();
    }
    this.cache.clear();
  }
}
