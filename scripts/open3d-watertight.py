#!/usr/bin/env python3
"""Open3D's verdict on pointocc meshes: is_watertight() and its parts, per file. Open3D is NOT
a pointocc dependency (CI has no python open3d): this script is only run to measure.

Open3D 0.16's TriangleMesh.is_watertight() = is_edge_manifold(allow_boundary_edges=False)
and is_vertex_manifold() and not is_self_intersecting(). is_self_intersecting() tests every
pair of triangles that share no vertex index (an O(F^2) loop with an AABB reject) with Moller's
NoDivTriTriIsect on coordinates standardised per pair (mean 0, unit deviation per axis); that
test treats plane distances below 1e-6 as zero, so it reports some triangles that only come
close (a triangle much smaller than its neighbour counts as lying in planes near it). Above
60 000 faces the pair search runs on spatial blocks (see self_intersecting_pairs) with the same
per-pair test; --full-check also calls is_watertight() itself and asserts agreement.

With --compare DIR, each mesh is also compared with DIR/<same name> (e.g. the outputs made
before a change): symmetric Chamfer distance and Hausdorff distance over 200 000 surface samples
each, IoU of the enclosed volumes on 200 000 points drawn uniformly in the union of the two
bounding boxes (inside by ray casting), and, when the two meshes have the same faces, the largest
and mean vertex displacement (a bound on how far any surface point moved), the number of moved
vertices and the relative volume change. Distances are in the meshes' own units.

Debian: apt-get install -y python3-open3d, then run with /usr/bin/python3:
  /usr/bin/python3 scripts/open3d-watertight.py out/*.ply [--compare before/] [--json report.json]

The counts in src/recon/marchingCubes.ts came from the examples, e.g.
  for f in examples/*.xyz; do npm run pointocc -- reconstruct $f -o out/$(basename $f .xyz).ply; done
  /usr/bin/python3 scripts/open3d-watertight.py out/*.ply --compare before/
(also with --resolution 256, --resolution 64 and --method onet), "before" made the same way
from the previous commit.
"""
import argparse
import json
import os
import sys

import numpy as np
import open3d as o3d


def self_intersecting_pairs(mesh, chunks):
    """Open3D's get_self_intersecting_triangles(), on `chunks`^3 spatial blocks when chunks > 1.

    Open3D tests every pair of faces (O(F^2)), too slow above ~10^5 faces. Its verdict on a pair
    depends only on the two triangles and on whether they share a vertex index, and it skips
    pairs whose bounding boxes do not overlap. So the space is cut into blocks; each block gets
    the faces whose bounding box meets the block (same vertex array, so indices are kept), and
    Open3D's own test runs on that submesh. Two faces with overlapping boxes both meet a block
    that holds part of the overlap, so every pair Open3D would test is tested; pairs found in
    several blocks are counted once.
    """
    if chunks <= 1:
        return {tuple(sorted(p)) for p in np.asarray(mesh.get_self_intersecting_triangles()).tolist()}
    V = np.asarray(mesh.vertices)
    T = np.asarray(mesh.triangles)
    tri = V[T]
    lo_t, hi_t = tri.min(1), tri.max(1)
    lo, hi = V.min(0), V.max(0)
    edges = [np.linspace(lo[d], hi[d], chunks + 1) for d in range(3)]
    found = set()
    for i in range(chunks):
        for j in range(chunks):
            for k in range(chunks):
                blo = np.array([edges[0][i], edges[1][j], edges[2][k]])
                bhi = np.array([edges[0][i + 1], edges[1][j + 1], edges[2][k + 1]])
                sel = np.nonzero(np.all(lo_t <= bhi, 1) & np.all(hi_t >= blo, 1))[0]
                if len(sel) < 2:
                    continue
                sub = o3d.geometry.TriangleMesh(mesh.vertices, o3d.utility.Vector3iVector(T[sel]))
                for a, b in np.asarray(sub.get_self_intersecting_triangles()).tolist():
                    found.add(tuple(sorted((int(sel[a]), int(sel[b])))))
    return found


def verdict(mesh, chunks):
    pairs = self_intersecting_pairs(mesh, chunks)
    edge = bool(mesh.is_edge_manifold(allow_boundary_edges=False))
    vert = bool(mesh.is_vertex_manifold())
    return {
        'faces': len(mesh.triangles),
        'vertices': len(mesh.vertices),
        'edgeManifold': edge,
        'vertexManifold': vert,
        'selfIntersectingPairs': len(pairs),
        'pairs': sorted(pairs)[:10],
        # = mesh.is_watertight() (its definition in Open3D 0.16), with the pair search above
        'watertight': edge and vert and len(pairs) == 0,
    }


def signed_volume(mesh):
    """Divergence theorem: sum of a . (b x c) / 6 over the faces."""
    t = np.asarray(mesh.vertices)[np.asarray(mesh.triangles)]
    return float(np.einsum('ij,ij->i', t[:, 0], np.cross(t[:, 1], t[:, 2])).sum() / 6)


def compare(a, b, n=200_000, seed=0):
    pa = np.asarray(a.sample_points_uniformly(n).points)
    pb = np.asarray(b.sample_points_uniformly(n).points)
    ca, cb = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(pa)), o3d.geometry.PointCloud(o3d.utility.Vector3dVector(pb))
    dab = np.asarray(ca.compute_point_cloud_distance(cb))
    dba = np.asarray(cb.compute_point_cloud_distance(ca))
    lo = np.minimum(a.get_min_bound(), b.get_min_bound())
    hi = np.maximum(a.get_max_bound(), b.get_max_bound())
    rng = np.random.default_rng(seed)
    q = (lo + rng.random((n, 3)) * (hi - lo)).astype(np.float32)
    occ = []
    for m in (a, b):
        scene = o3d.t.geometry.RaycastingScene()
        scene.add_triangles(o3d.t.geometry.TriangleMesh.from_legacy(m))
        occ.append(scene.compute_occupancy(o3d.core.Tensor(q)).numpy() > 0.5)
    inter, union = np.logical_and(*occ).sum(), np.logical_or(*occ).sum()
    out = {
        'chamfer': float(dab.mean() + dba.mean()),
        'hausdorff': float(max(dab.max(), dba.max())),
        'iou': float(inter / union) if union else 1.0,
        'diagonal': float(np.linalg.norm(hi - lo)),
    }
    if np.array_equal(np.asarray(a.triangles), np.asarray(b.triangles)) and len(a.vertices) == len(b.vertices):
        # Same faces, moved vertices: every surface point moves by at most the largest vertex
        # displacement (convex combination), a sharper bound than the sampled distances above,
        # whose own noise floor (two independent samplings) is far larger.
        disp = np.linalg.norm(np.asarray(a.vertices) - np.asarray(b.vertices), axis=1)
        out['maxVertexDisplacement'] = float(disp.max())
        out['meanVertexDisplacement'] = float(disp.mean())
        out['movedVertices'] = int((disp > 0).sum())
        va, vb = signed_volume(a), signed_volume(b)  # get_volume() refuses what is_watertight() rejects
        out['relativeVolumeChange'] = float((va - vb) / vb)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('meshes', nargs='+')
    ap.add_argument('--compare', help='folder with meshes of the same names to compare with')
    ap.add_argument('--json', help='write the report here as well')
    ap.add_argument('--chunks', type=int, default=0,
                    help='blocks per axis for the self-intersection search (default: 1 below 60 000 faces, else 8)')
    ap.add_argument('--full-check', action='store_true',
                    help='also call mesh.is_watertight() itself and check that it agrees (O(F^2): slow above 10^5 faces)')
    args = ap.parse_args()
    report = {'open3d': o3d.__version__, 'meshes': {}}
    accepted = 0
    for path in args.meshes:
        mesh = o3d.io.read_triangle_mesh(path)
        chunks = args.chunks or (1 if len(mesh.triangles) < 60000 else 8)
        r = verdict(mesh, chunks)
        if args.full_check:
            r['isWatertightItself'] = bool(mesh.is_watertight())
            assert r['isWatertightItself'] == r['watertight'], path
        accepted += r['watertight']
        if args.compare:
            other = os.path.join(args.compare, os.path.basename(path))
            if os.path.exists(other):
                r['compare'] = compare(mesh, o3d.io.read_triangle_mesh(other))
        report['meshes'][path] = r
        print(path, json.dumps(r), flush=True)
    report['accepted'] = accepted
    report['total'] = len(args.meshes)
    print(f'is_watertight(): {accepted} of {len(args.meshes)} accepted')
    if args.json:
        with open(args.json, 'w') as fh:
            json.dump(report, fh, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
