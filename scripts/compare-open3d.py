#!/usr/bin/env python3
"""Open3D's Poisson and ball pivoting on the baseline inputs, as a reference for pointocc's own
(reports/baselines). Open3D is NOT a pointocc dependency: this script is only run to measure.

Inputs: the folder written by scripts/export-baseline-inputs.ts (<in>/<category>/<id>.xyz,
unit-cube frame). Outputs: <out>/open3d-poisson/<category>/<id>.ply and
<out>/open3d-bpa/<category>/<id>.ply, plus <out>/open3d-timings.json. Score them with
`pointocc eval --pred <out>/open3d-poisson --data <cache>`.

Same normal pipeline as pointocc's baselines: PCA over 16 nearest neighbours
(estimate_normals), then Hoppe's MST orientation over a 10-NN graph
(orient_normals_consistent_tangent_plane). Poisson: depth 8 (a 256^3 octree), width 0,
scale 1.1, linear_fit False (Open3D's defaults). Ball pivoting: radii 1.1*s*{1, 2, 4}, s = mean
nearest-neighbour distance (pointocc's defaults).

Debian: apt-get install -y python3-open3d, then run with /usr/bin/python3:
  /usr/bin/python3 scripts/compare-open3d.py --inputs DIR --out DIR [--depth 8]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import open3d as o3d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--inputs', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--depth', type=int, default=8)
    ap.add_argument('--normal-k', type=int, default=16)
    ap.add_argument('--orient-k', type=int, default=10)
    args = ap.parse_args()
    meta = json.load(open(os.path.join(args.inputs, 'inputs.json')))
    timings = {'open3d': o3d.__version__, 'depth': args.depth, 'shapes': {}}
    for s in meta['shapes']:
        pts = np.loadtxt(os.path.join(args.inputs, s['file']), dtype=np.float64).reshape(-1, 3)
        pcd = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(pts))
        t0 = time.perf_counter()
        pcd.estimate_normals(o3d.geometry.KDTreeSearchParamKNN(args.normal_k))
        pcd.orient_normals_consistent_tangent_plane(args.orient_k)
        t1 = time.perf_counter()
        mesh, _dens = o3d.geometry.TriangleMesh.create_from_point_cloud_poisson(pcd, depth=args.depth)
        t2 = time.perf_counter()
        nn = np.asarray(pcd.compute_nearest_neighbor_distance()).mean()
        radii = [1.1 * nn, 2.2 * nn, 4.4 * nn]
        bpa = o3d.geometry.TriangleMesh.create_from_point_cloud_ball_pivoting(pcd, o3d.utility.DoubleVector(radii))
        t3 = time.perf_counter()
        key = f"{s['category']}/{s['id']}"
        for name, m in (('open3d-poisson', mesh), ('open3d-bpa', bpa)):
            d = os.path.join(args.out, name, s['category'])
            os.makedirs(d, exist_ok=True)
            path = os.path.join(d, s['id'] + '.ply')
            tmp = path + '.tmp.ply'
            o3d.io.write_triangle_mesh(tmp, m, write_ascii=False)
            os.replace(tmp, path)  # atomic: a crash never leaves a half-written mesh
        timings['shapes'][key] = {'normals': t1 - t0, 'poisson': t2 - t1, 'bpa': t3 - t2,
                                  'poissonFaces': len(mesh.triangles), 'bpaFaces': len(bpa.triangles)}
        print(key, f"poisson {t2 - t1:.2f}s {len(mesh.triangles)} faces, bpa {t3 - t2:.2f}s {len(bpa.triangles)} faces", file=sys.stderr)
    tmp = os.path.join(args.out, 'open3d-timings.json.tmp')
    with open(tmp, 'w') as f:
        json.dump(timings, f, indent=1)
    os.replace(tmp, os.path.join(args.out, 'open3d-timings.json'))


if __name__ == '__main__':
    main()
