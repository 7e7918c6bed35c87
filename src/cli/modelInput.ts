/** Reading the input cloud and opening the model: shared by `reconstruct` and `upsample`. */
import { readPointCloud, type ReadInfo } from '../io/registry.ts';
import { withCliNanHint } from './options.ts';
import type { PointCloud } from '../geometry/PointCloud.ts';
import { OccupancyPredictor, evaluatorBinder } from '../nn/serve/occupancy.ts';
import { MIN_INPUT_POINTS } from '../nn/models/pcnnOcc/PcnnOccConfig.ts';
import type { CloudBinder } from '../recon/OccupancyModel.ts';

/** Loads the predictor (worker threads) and its per-cloud binder. */
export async function openPredictor(
  dir: string,
  workers: number | undefined,
): Promise<{ predictor: OccupancyPredictor; bind: CloudBinder }> {
  const predictor = await OccupancyPredictor.create(dir, workers === undefined ? {} : { workers });
  return { predictor, bind: evaluatorBinder(predictor) };
}

/**
 * Reads a point cloud (any supported format; mesh files give their vertices) for
 * reconstruction: at least 16 points; NaN/Inf coordinates are an error naming the count unless
 * `dropInvalid`.
 */
export function readInputCloud(path: string, dropInvalid: boolean): { cloud: PointCloud; info: ReadInfo } {
  const info: ReadInfo = {};
  const cloud = withCliNanHint(
    () => readPointCloud(path, { dropInvalid, minPoints: MIN_INPUT_POINTS, info }),
    'pass --drop-invalid to skip them',
  );
  return { cloud, info };
}
