/**
 * The one-line summary of each command, shown by `pointocc --help` and by the command's own
 * `--help`. Kept apart from the command files so that listing the commands loads none of them.
 */
export const SUMMARIES = {
  info: 'print counts, bounding box, closed/manifold flags, area and volume of a mesh or point cloud',
  reconstruct: 'a closed mesh from a point cloud, by the learned occupancy function (MISE + marching cubes)',
  queue:
    'reconstruct a whole dataset on many machines: submit one job per cloud to a BullMQ queue on Redis, run workers anywhere, watch status',
  upsample: 'sample any number of points on the surface the model predicts for a point cloud (decision-boundary bisection)',
  data: 'datasets: generate ProcShapes-13, build training caches',
  train:
    'train a pcnn-occ model, or the ONet baseline with "method": "onet" in the config (data-parallel workers, validation IoU, best model, atomic checkpoints, exact --resume)',
  eval: 'score predicted meshes against ground truth (IoU, Chamfer-L1, normal consistency, F-score; per class and mean of class means)',
  experiment: "run one of the paper's evaluations on the test split; writes reports/NAME/report.md, results.json, figures",
} as const;

export type CommandName = keyof typeof SUMMARIES;
